package dev.provisionersdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code ```java} block of the README and of {@code docs/*.md} compiles against the SDK and
 * the test kit, so a reader who copies one gets code that builds. A block that is a whole
 * compilation unit (it starts with its imports or a public type) compiles as it is; any other block
 * is wrapped: leading {@code record}/{@code class} declarations become members of a class, a block
 * that starts with {@code .provision(...)} continues {@code Provisioner.builder(...)}, an
 * expression gets {@code var unused = ...;}, and the statements go into a method whose parameters
 * are the variables the block uses without declaring ({@code request}, {@code inputs}, {@code
 * tempDir}). The skeleton supplies the names the README uses for "your code": {@code
 * Main.provisioner()}, {@code Main.provisioner(commands)}, {@code scan(request)} and {@code
 * createDatabase(request)}.
 */
class ReadmeSnippetsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);

  /** A block that is a compilation unit of its own starts with its imports or its public type. */
  private static final Pattern WHOLE_UNIT = Pattern.compile("\\s*(import |package |public )");

  private static final String IMPORTS =
      String.join(
          "\n",
          "import static dev.provisionersdk.testing.RunResultAssert.assertThat;",
          "import static org.assertj.core.api.Assertions.assertThat;",
          "import dev.provisionersdk.*;",
          "import dev.provisionersdk.runtime.*;",
          "import dev.provisionersdk.testing.*;",
          "import java.nio.file.*;",
          "import java.time.*;",
          "import java.util.*;",
          "");

  /** The names the README's snippets take from the surrounding code, with their types. */
  private static final String[][] CONTEXT = {
    {"Request", "request"}, {"TestInputs", "inputs"}, {"Path", "tempDir"}
  };

  /** What the README calls "your code", so the snippets can refer to it. */
  private static final String SUPPORT =
      String.join(
          "\n",
          "final class Main {",
          "  static Provisioner provisioner() {",
          "    return Provisioner.builder(\"readme\").build();",
          "  }",
          "  static Provisioner provisioner(CommandRunner commands) {",
          "    return Provisioner.builder(\"readme\").commandRunner(commands).build();",
          "  }",
          "}",
          "");

  record Snippet(String file, int line, String code) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  static Stream<Snippet> snippets() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Snippet> snippets = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Matcher matcher = BLOCK.matcher(text);
      while (matcher.find()) {
        int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count();
        snippets.add(new Snippet(ROOT.relativize(file).toString(), line + 2, matcher.group(1)));
      }
    }
    return snippets.stream();
  }

  @Test
  void theReadmeAndTheDocsHaveJavaBlocksToCheck() throws IOException {
    assertThat(snippets().filter(s -> s.file().equals("README.md"))).isNotEmpty();
    assertThat(snippets().filter(s -> s.file().startsWith("docs"))).hasSizeGreaterThan(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snippets")
  void compiles(Snippet snippet) {
    List<JavaFileObject> units = new ArrayList<>();
    String pkg = "snippet" + snippet.line();
    if (WHOLE_UNIT.matcher(snippet.code()).lookingAt()) {
      String name = topLevelName(snippet.code());
      units.add(source(pkg, name, "package " + pkg + ";\n" + snippet.code()));
    } else {
      units.add(source(pkg, "Snippet", "package " + pkg + ";\n" + IMPORTS + wrapped(snippet)));
      units.add(source(pkg, "Main", "package " + pkg + ";\n" + IMPORTS + SUPPORT));
    }

    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    boolean compiled =
        compiler
            .getTask(
                null,
                null,
                diagnostics,
                List.of(
                    "-proc:none",
                    "-d",
                    outputDirectory().toString(),
                    "-classpath",
                    System.getProperty("java.class.path")),
                null,
                units)
            .call();

    assertThat(compiled)
        .as(
            "%s (the block at line %d) does not compile:%n%s",
            snippet.file(),
            snippet.line(),
            diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT) + "\n  in: " + sourceLine(d))
                .collect(Collectors.joining("\n")))
        .isTrue();
  }

  /** The block inside a class and a method, with the context it uses and does not declare. */
  private static String wrapped(Snippet snippet) {
    List<String> members = new ArrayList<>();
    List<String> body = new ArrayList<>();
    for (String line : snippet.code().split("\n", -1)) {
      if (body.isEmpty() && (line.startsWith("record ") || line.startsWith("class "))) {
        members.add(line);
      } else if (!(body.isEmpty() && line.isBlank())) {
        body.add(line);
      }
    }
    String code = String.join("\n", body).strip();
    String withoutComments = code.replaceAll("(?m)//.*$", "").strip();
    if (code.startsWith(".")) {
      code = "var unused = Provisioner.builder(\"readme\")\n" + code + "\n;";
    } else if (!withoutComments.endsWith(";") && !withoutComments.endsWith("}")) {
      code = "var unused = " + code + "\n;";
    }
    List<String> parameters = new ArrayList<>();
    for (String[] variable : CONTEXT) {
      String name = variable[1];
      boolean declared =
          Pattern.compile(
                  "\\b" + variable[0] + " " + name + " =|\\b" + name + " ->|\\(" + name + ",")
              .matcher(code)
              .find();
      boolean used = Pattern.compile("\\b" + name + "\\b").matcher(code).find();
      if (used && !declared) {
        parameters.add(variable[0] + " " + variable[1]);
      }
    }
    return String.join(
        "\n",
        "@SuppressWarnings(\"unused\")",
        "class Snippet {",
        String.join("\n", members),
        "  static void scan(Request request) {}",
        "  static <T> T createDatabase(Request request) { return null; }",
        "  void snippet(" + String.join(", ", parameters) + ") throws Exception {",
        code,
        "  }",
        "}",
        "");
  }

  private static String topLevelName(String code) {
    Matcher matcher =
        Pattern.compile("(?m)^(?:public |final )*(?:class|record|interface|enum) (\\w+)")
            .matcher(code);
    return matcher.find() ? matcher.group(1) : "Snippet";
  }

  private static Path outputDirectory() {
    try {
      Path target = Path.of("target", "readme-snippets");
      Files.createDirectories(target);
      return target;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String sourceLine(Diagnostic<? extends JavaFileObject> diagnostic) {
    if (diagnostic.getSource() == null || diagnostic.getLineNumber() < 1) {
      return "?";
    }
    try {
      String[] lines = diagnostic.getSource().getCharContent(true).toString().split("\n", -1);
      return lines[(int) diagnostic.getLineNumber() - 1].strip();
    } catch (IOException e) {
      return "?";
    }
  }

  private static JavaFileObject source(String pkg, String name, String code) {
    return new SimpleJavaFileObject(
        URI.create("string:///" + pkg + "/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}

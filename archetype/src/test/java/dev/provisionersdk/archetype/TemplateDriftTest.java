package dev.provisionersdk.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A generated project must build exactly as the examples do: its pom.xml is standalone (no parent),
 * so it carries its own copy of the jar, dependency and Jib settings of examples/pom.xml. This test
 * compares the two copies; the image files themselves have one source (image/), which the archetype
 * ships as the generated project's src/main/jib.
 */
class TemplateDriftTest {
  private static final Path EXAMPLES_POM = Path.of("../examples/pom.xml");
  private static final Path TEMPLATE_POM =
      Path.of("src/main/resources/archetype-resources/pom.xml");
  private static final Path IMAGE_FILES = Path.of("../image");
  private static final Path SHIPPED_IMAGE_FILES =
      Path.of("target/classes/archetype-resources/src/main/jib");

  static Stream<Arguments> sharedPlugins() {
    return Stream.of(
        Arguments.of("the runnable jar's manifest", "maven-jar-plugin"),
        Arguments.of("the dependencies copied to target/lib", "maven-dependency-plugin"),
        Arguments.of("the image", "jib-maven-plugin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sharedPlugins")
  void templateConfiguresThePluginAsTheExamplesDo(String reason, String artifactId)
      throws Exception {
    String examples = canonical(plugin(EXAMPLES_POM, artifactId));
    String template = canonical(plugin(TEMPLATE_POM, artifactId));
    assertThat(template)
        .as(
            "%s: the <configuration>/<executions> of %s in %s and in %s differ; change both",
            reason, artifactId, TEMPLATE_POM, EXAMPLES_POM)
        .isEqualTo(examples);
  }

  @Test
  void generatedProjectShipsTheImageFilesOfImageDirectory() throws IOException {
    List<Path> files = regularFiles(IMAGE_FILES);
    assertThat(files).contains(Path.of("usr/local/bin/entrypoint.sh"));
    assertThat(regularFiles(SHIPPED_IMAGE_FILES)).containsExactlyInAnyOrderElementsOf(files);
    for (Path file : files) {
      assertThat(SHIPPED_IMAGE_FILES.resolve(file))
          .hasSameBinaryContentAs(IMAGE_FILES.resolve(file));
    }
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> files = new ArrayList<>();
      walk.filter(Files::isRegularFile).forEach(file -> files.add(root.relativize(file)));
      return files;
    }
  }

  /** The plugin's {@code configuration} and {@code executions}, wherever the pom declares it. */
  private static Element plugin(Path pom, String artifactId) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setIgnoringComments(true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (artifactId.equals(childText(plugin, "artifactId"))
          && (child(plugin, "configuration") != null || child(plugin, "executions") != null)) {
        Element settings = document.createElement("settings");
        for (String part : List.of("configuration", "executions")) {
          Element element = child(plugin, part);
          if (element != null) {
            settings.appendChild(element.cloneNode(true));
          }
        }
        return settings;
      }
    }
    throw new AssertionError(pom + " configures no " + artifactId);
  }

  /**
   * Serialises without whitespace, with the three intended differences removed: the image's name
   * ({@code to}), where the image files come from (image/ for the examples, the generated project's
   * own src/main/jib), and the generated project's tools/ (the examples have none, and Jib fails on
   * an extra directory that does not exist).
   */
  private static String canonical(Element settings) throws Exception {
    strip(settings);
    NodeList targets = settings.getElementsByTagName("to");
    for (int i = targets.getLength() - 1; i >= 0; i--) {
      targets.item(i).getParentNode().removeChild(targets.item(i));
    }
    removeWhere(settings, "path", path -> "tools".equals(childText(path, "from")));
    removeWhere(
        settings,
        "permission",
        permission -> "/opt/provisioner/tools/**".equals(childText(permission, "file")));
    StringWriter text = new StringWriter();
    var transformer = TransformerFactory.newInstance().newTransformer();
    transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
    transformer.transform(new DOMSource(settings), new StreamResult(text));
    return text.toString().replace("${provisioner.image.files}", "src/main/jib");
  }

  private static void removeWhere(
      Element settings, String tag, java.util.function.Predicate<Element> matches) {
    NodeList elements = settings.getElementsByTagName(tag);
    for (int i = elements.getLength() - 1; i >= 0; i--) {
      Element element = (Element) elements.item(i);
      if (matches.test(element)) {
        element.getParentNode().removeChild(element);
      }
    }
  }

  @Test
  void theGeneratedProjectPutsItsToolsIntoTheImageExecutable() throws Exception {
    Element jib = plugin(TEMPLATE_POM, "jib-maven-plugin");
    List<String> tools = new ArrayList<>();
    NodeList paths = jib.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element path = (Element) paths.item(i);
      tools.add(childText(path, "from") + " -> " + childText(path, "into"));
    }
    assertThat(tools).contains("tools -> /opt/provisioner/tools");
    assertThat(Path.of("src/main/resources/archetype-resources/tools/README.md")).isRegularFile();
  }

  private static void strip(Node node) {
    NodeList children = node.getChildNodes();
    for (int i = children.getLength() - 1; i >= 0; i--) {
      Node child = children.item(i);
      if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
        node.removeChild(child);
      } else {
        strip(child);
      }
    }
  }

  private static Element child(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && name.equals(node.getNodeName())) {
        return (Element) node;
      }
    }
    return null;
  }

  private static String childText(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }
}

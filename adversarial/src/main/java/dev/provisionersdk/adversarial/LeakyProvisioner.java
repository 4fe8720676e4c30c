package dev.provisionersdk.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Command;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import dev.provisionersdk.runtime.Provisioner;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provisioner that prints its secrets every way a careless author could, one scenario per run,
 * chosen by the environment variable {@code LEAK_SCENARIO}. {@code MaskingIT} and {@code
 * scripts/e2e-images.sh} run it as a real process and check its output with the test kit's
 * independent leak check.
 *
 * <p>Scenarios (see {@link #SCENARIOS}): {@code stdout} (System.out, System.err, SLF4J), {@code
 * chunked} (System.out at every split point), {@code file-descriptor} ({@code new
 * FileOutputStream(FileDescriptor.out)}, {@code /proc/self/fd/1}), {@code inherit-io} (children
 * started with {@code ProcessBuilder.inheritIO()}: this jar's {@link LeakTool}, {@code sh}, {@code
 * base64}), {@code jul-static} (a JUL logger used before {@code execute()}), {@code after-return}
 * (threads printing after the handler returned, through {@code System.exit}), {@code
 * exit-in-handler} ({@code System.exit(3)} from the handler while threads print), {@code uncaught}
 * (exceptions escaping a thread and {@code main}), {@code command-failed} (a tool whose stderr
 * holds the secret around byte 500, exit 7), {@code tool} (a tool run by {@code request.run}),
 * {@code sigterm} (a cleanup that prints after SIGTERM), {@code two-runs} ({@code execute()} twice
 * in one JVM), {@code shutdown-hook} (a hook of the provisioner's own), {@code dump-secrets-file}
 * ({@code cat secrets.json}).
 */
public final class LeakyProvisioner {
  /** Every scenario, in the order the suite runs them. */
  public static final List<String> SCENARIOS =
      List.of(
          "stdout",
          "chunked",
          "file-descriptor",
          "inherit-io",
          "jul-static",
          "after-return",
          "exit-in-handler",
          "uncaught",
          "command-failed",
          "tool",
          "sigterm",
          "two-runs",
          "shutdown-hook",
          "dump-secrets-file");

  /** Printed once the {@code sigterm} scenario's handler waits for the signal. */
  public static final String READY_FOR_SIGTERM = "leaky: ready for SIGTERM";

  /**
   * Set ({@code LEAK_JAVA_ONLY=1}) where the SDK's native calls are out of reach, so that its
   * stream-level masking does not cover file descriptors: mixed scenarios then leave out their
   * descriptor-level writes and children.
   */
  private static final boolean JAVA_ONLY = System.getenv("LEAK_JAVA_ONLY") != null;

  private static final Logger JUL = Logger.getLogger("leaky.static");
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("leaky");

  /** The values the handler found, for the code that runs after it (threads, hooks, main). */
  private static final AtomicReference<List<String>> SEEN = new AtomicReference<>(List.of());

  private LeakyProvisioner() {}

  /**
   * Runs the scenario named by {@code LEAK_SCENARIO} (default {@code stdout}).
   *
   * @param args the local runner's command line, or none in a container
   */
  public static void main(String[] args) {
    String scenario = System.getenv().getOrDefault("LEAK_SCENARIO", "stdout");
    if (scenario.equals("jul-static")) {
      // JUL's console handler is created now and keeps the stderr of this moment.
      JUL.info("leaky: JUL configured before execute()");
    }
    if (scenario.equals("shutdown-hook")) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    for (String value : SEEN.get()) {
                      System.out.println("shutdown hook: " + value);
                      if (!JAVA_ONLY) {
                        writeQuietly(new FileOutputStream(FileDescriptor.err), "hook fd: " + value);
                      }
                    }
                  }));
    }
    Provisioner provisioner = provisioner(scenario);
    int code = provisioner.execute(args, System.getenv());
    if (scenario.equals("two-runs")) {
      code = provisioner.execute(args, System.getenv());
    }
    if (scenario.equals("uncaught")) {
      throw new IllegalStateException("main failed after execute(): " + SEEN.get());
    }
    System.exit(code);
  }

  static Provisioner provisioner(String scenario) {
    return Provisioner.builder("leaky-provisioner")
        .version("1.0.0")
        .controls(
            Controls.builder()
                .onError(
                    (request, failure) -> {
                      if (scenario.equals("sigterm")) {
                        List<String> values = values(request);
                        new HostileWriter(System.out).writeAll(lines(values));
                        if (!JAVA_ONLY) {
                          inheritIoTool(values, "encodings");
                        }
                      }
                    })
                .build())
        .plan(request -> run(scenario, request))
        .provision(request -> run(scenario, request))
        .decommission(request -> run(scenario, request))
        .build();
  }

  private static void run(String scenario, Request request) throws Exception {
    List<String> values = values(request);
    SEEN.set(values);
    switch (scenario) {
      case "stdout" -> {
        for (String text : lines(values)) {
          System.out.println(text);
          System.err.println(text);
          LOG.info("slf4j {}", text);
        }
        wrapped(values).forEach(System.out::print);
      }
      case "chunked" -> {
        new HostileWriter(System.out).writeAll(lines(values));
        new HostileWriter(System.err).writeAll(wrapped(values));
        values.forEach(new HostileWriter(System.out)::writeByteByByte);
      }
      case "file-descriptor" -> {
        try (OutputStream fd1 = new FileOutputStream(FileDescriptor.out);
            OutputStream proc = new FileOutputStream("/proc/self/fd/1");
            PrintStream fd2 =
                new PrintStream(
                    new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8)) {
          new HostileWriter(fd1).writeAll(lines(values));
          new HostileWriter(fd1).writeAll(wrapped(values));
          new HostileWriter(proc).writeAll(lines(values));
          lines(values).forEach(fd2::println);
        }
      }
      case "inherit-io" -> {
        inheritIoTool(values, "encodings");
        for (String value : values) {
          shell(value, "printf '%s\\n' \"$LEAK_VALUE\"; printf '%s' \"$LEAK_VALUE\" | base64");
          shell(value, "printf 'stderr: %s\\n' \"$LEAK_VALUE\" >&2");
        }
      }
      case "jul-static" -> {
        for (String text : lines(values)) {
          JUL.log(Level.WARNING, "jul {0}", text);
        }
      }
      case "after-return", "exit-in-handler" -> {
        CountDownLatch once = new CountDownLatch(1);
        Thread printer =
            new Thread(
                () -> {
                  OutputStream fd1 = new FileOutputStream(FileDescriptor.out);
                  for (int round = 0; ; round++) {
                    for (String text : lines(values)) {
                      System.out.println("printer round " + round + ": " + text);
                      if (!JAVA_ONLY) {
                        writeQuietly(fd1, "printer fd round " + round + ": " + text);
                      }
                    }
                    once.countDown();
                  }
                },
                "leaky-printer");
        printer.setDaemon(true);
        printer.start();
        once.await();
        if (scenario.equals("exit-in-handler")) {
          System.out.println("leaky: calling System.exit(3) from the handler");
          System.exit(3);
        }
      }
      case "uncaught" -> {
        Thread thrower =
            new Thread(
                () -> {
                  throw new IllegalArgumentException("thread failed with " + values);
                },
                "leaky-thrower");
        thrower.start();
        thrower.join();
      }
      case "command-failed" ->
          request.run(withValues(Command.of(toolCommand("long-stderr")), values));
      case "tool" -> request.run(withValues(Command.of(toolCommand("encodings")), values));
      case "sigterm" -> {
        System.out.println(READY_FOR_SIGTERM);
        System.out.flush();
        Thread.sleep(120_000);
      }
      case "two-runs" -> {
        lines(values).forEach(System.out::println);
        if (!JAVA_ONLY) {
          inheritIoTool(values, "encodings");
        }
      }
      case "shutdown-hook" -> System.out.println("leaky: the hook prints at exit");
      case "dump-secrets-file" ->
          System.out.println(Files.readString(request.inputDirectory().resolve("secrets.json")));
      default -> throw new IllegalArgumentException("unknown LEAK_SCENARIO " + scenario);
    }
  }

  /** Every secret value the request holds: top-level values, their leaves, and the token. */
  static List<String> values(Request request) throws IOException {
    List<String> values = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String name : request.secretNames()) {
      String value = request.secret(name).map(Secret::reveal).orElse("");
      values.add(value);
      String trimmed = value.strip();
      if (trimmed.startsWith("{")) {
        leaves(mapper.readTree(trimmed), values);
      }
    }
    request.context().token().map(Secret::reveal).ifPresent(values::add);
    return values;
  }

  private static void leaves(JsonNode node, List<String> values) {
    if (node.isContainerNode()) {
      node.forEach(child -> leaves(child, values));
    } else if (node.isValueNode()) {
      values.add(node.asText());
    }
  }

  private static List<String> lines(List<String> values) {
    List<String> texts = new ArrayList<>();
    values.forEach(value -> texts.addAll(Encodings.lines(value)));
    return texts;
  }

  private static List<String> wrapped(List<String> values) {
    List<String> texts = new ArrayList<>();
    values.forEach(value -> texts.addAll(Encodings.wrapped(value)));
    values.forEach(value -> texts.addAll(Encodings.compositions(value)));
    return texts;
  }

  private static List<String> toolCommand(String mode) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        LeakTool.class.getName(),
        mode);
  }

  private static Command withValues(Command command, List<String> values) throws IOException {
    return command.env("LEAK_VALUES", new ObjectMapper().writeValueAsString(values));
  }

  /** Runs {@link LeakTool} with the provisioner's own stdout and stderr, as inheritIO() does. */
  private static void inheritIoTool(List<String> values, String mode) {
    try {
      ProcessBuilder builder = new ProcessBuilder(toolCommand(mode)).inheritIO();
      builder.environment().put("LEAK_VALUES", new ObjectMapper().writeValueAsString(values));
      builder.start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void shell(String value, String script) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).inheritIO();
    builder.environment().put("LEAK_VALUE", value);
    builder.start().waitFor();
  }

  private static void writeQuietly(OutputStream stream, String text) {
    try {
      stream.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The stream is gone (the JVM is exiting): nothing more to print.
    }
  }
}

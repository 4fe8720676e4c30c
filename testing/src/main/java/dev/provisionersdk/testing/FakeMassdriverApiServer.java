package dev.provisionersdk.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link FakeMassdriverApi} as a process of its own, for the end-to-end scripts that run a
 * provisioner's image against it ({@code scripts/e2e/ansible-image.sh}): the same strict fake as
 * the Java tests use, not a copy. Not part of the test kit's API.
 *
 * <pre>
 * java -cp TESTING_JAR:ITS_DEPENDENCIES dev.provisionersdk.testing.FakeMassdriverApiServer \
 *     --port PORT --port-file FILE --calls-file FILE [--credentials DEPLOYMENT_ID TOKEN]
 * </pre>
 *
 * <p>It listens on loopback {@code PORT} (0: a free one), then writes the port to the port file
 * (whole, by a rename: a reader never sees part of it), and appends one JSON line per request to
 * the calls file before answering it: {@code method}, {@code path}, {@code status} (of the answer)
 * and {@code body} — never the {@code Authorization} header, which carries the token. With {@code
 * --credentials} it accepts only that deployment's Basic credentials ({@link
 * FakeMassdriverApi#expectCredentials}). It serves until the process is killed. Exit code 2 on a
 * bad command line.
 */
final class FakeMassdriverApiServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeMassdriverApiServer() {}

  /**
   * Serves until killed.
   *
   * @param args as in the class comment
   * @throws InterruptedException never in practice: the main thread waits for ever
   */
  public static void main(String[] args) throws InterruptedException {
    FakeMassdriverApi api;
    try {
      api = serve(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("FakeMassdriverApiServer: " + e.getMessage());
      System.err.println(
          "usage: FakeMassdriverApiServer --port PORT --port-file FILE --calls-file FILE"
              + " [--credentials DEPLOYMENT_ID TOKEN]");
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(api::close, "fake-api-stop"));
    System.err.println("FakeMassdriverApiServer: serving " + api.url());
    Thread.currentThread().join();
  }

  /**
   * Starts the API as the arguments say and writes its port file.
   *
   * @return the running API; the caller closes it
   * @throws IllegalArgumentException on a bad command line
   * @throws UncheckedIOException when the port cannot be bound or the port file written
   */
  static FakeMassdriverApi serve(List<String> args) {
    Integer port = null;
    Path portFile = null;
    Path callsFile = null;
    String deploymentId = null;
    String token = null;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      int values = "--credentials".equals(option) ? 2 : 1;
      if (i + values >= args.size()) {
        throw new IllegalArgumentException(option + " needs " + values + " value(s)");
      }
      String value = args.get(i + 1);
      switch (option) {
        case "--port" -> port = parsePort(value);
        case "--port-file" -> portFile = Path.of(value);
        case "--calls-file" -> callsFile = Path.of(value);
        case "--credentials" -> {
          deploymentId = value;
          token = args.get(i + 2);
        }
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
      i += values;
    }
    if (port == null || portFile == null || callsFile == null) {
      throw new IllegalArgumentException("--port, --port-file and --calls-file are required");
    }
    Path calls = callsFile;
    FakeMassdriverApi api = FakeMassdriverApi.start(port);
    try {
      if (deploymentId != null) {
        api.expectCredentials(deploymentId, token);
      }
      api.onAnswer((call, status) -> append(calls, call, status));
      Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
      Files.writeString(partial, String.valueOf(URI.create(api.url()).getPort()));
      Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      api.close();
      throw new UncheckedIOException("cannot write the port file " + portFile, e);
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    return api;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException("--port must be 0 to 65535, not " + value);
  }

  private static synchronized void append(Path calls, FakeMassdriverApi.Call call, int status) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("method", call.method());
    line.put("path", call.path());
    line.put("status", status);
    line.put("body", call.body());
    try {
      Files.writeString(
          calls,
          JSON.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + calls, e);
    }
  }
}

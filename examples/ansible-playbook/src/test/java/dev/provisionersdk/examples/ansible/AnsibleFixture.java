package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Action;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.TestInputs;
import dev.provisionersdk.testing.TestRunner;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the integration tests share: the real {@code ansible-playbook} (installed from Debian's
 * {@code ansible-core} package when it is missing), the sample inputs with the site in a sandbox
 * directory, and the test playbooks under {@code src/test/resources/playbooks}.
 */
final class AnsibleFixture {
  static final Path SAMPLE = Path.of("sample");
  static final Path JAR = Path.of("target/ansible-playbook-provisioner.jar");
  static final String DB_PASSWORD = "pg-pass-4b8e21d7c9";
  static final String API_TOKEN = "tok_live_9f2c4e7a1b3d5f60";
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The project's one list of Debian packages and its installer (CONTRIBUTING.md). */
  private static final Path INSTALL_PACKAGES = Path.of("../../scripts/install-packages.sh");

  private AnsibleFixture() {}

  /**
   * Makes sure {@code ansible-playbook} and {@code ssh} (for the unreachable-host case) are on
   * PATH: installs the {@code ansible} packages of {@code scripts/debian-packages.txt} when they
   * are missing, through {@code scripts/install-packages.sh}, which needs root (as CI has) and
   * otherwise fails saying what to install.
   */
  static synchronized void ensureAnsible() throws Exception {
    if (onPath("ansible-playbook") && onPath("ssh")) {
      return;
    }
    Path log = Files.createDirectories(Path.of("target")).resolve("install-packages.log");
    Process process =
        new ProcessBuilder("bash", INSTALL_PACKAGES.toString(), "ansible")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES))
        .as("scripts/install-packages.sh ansible finished")
        .isTrue();
    assertThat(process.exitValue())
        .as(
            "scripts/install-packages.sh ansible failed: %s",
            Files.readString(log, StandardCharsets.UTF_8))
        .isZero();
    assertThat(onPath("ansible-playbook"))
        .as("ansible-playbook on PATH after scripts/install-packages.sh ansible; see %s", log)
        .isTrue();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs the provisioner in-process through its local runner, as {@code java -jar} would. */
  static RunResult run(Action action, TestInputs inputs) {
    return TestRunner.of(AnsibleProvisioner.provisioner()).run(action, inputs);
  }

  /** The sample inputs, with the site's directory at {@code sandbox/site}. */
  static TestInputs sample(Path sandbox) throws IOException {
    ObjectNode params = (ObjectNode) MAPPER.readTree(SAMPLE.resolve("params.json").toFile());
    ((ObjectNode) params.get("site")).put("root", sandbox.resolve("site").toString());
    return TestInputs.fromDirectory(SAMPLE).params(MAPPER.writeValueAsString(params));
  }

  /**
   * Runs a test playbook in a step of its own, {@code test}, which has no resource templates (the
   * sample's {@code src} publishes its site after provision), and sets config.json.
   */
  static TestInputs withPlaybook(TestInputs inputs, String playbook, String config)
      throws IOException {
    return inputs.step("test").bundleFile("test/" + playbook, playbook(playbook)).config(config);
  }

  static String playbook(String name) throws IOException {
    return Files.readString(Path.of("src/test/resources/playbooks", name), StandardCharsets.UTF_8);
  }
}

package dev.provisionersdk.internal.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/main/native/build.sh} as a machine presents it: the host's architecture must build;
 * another one is optional unless a release asks for every one. A cross compiler without its C
 * library headers (Debian's {@code gcc-aarch64-linux-gnu} without {@code libc6-dev-arm64-cross})
 * stands in as a compiler that fails the way that one does.
 */
class NativeBuildScriptTest {
  private static final Path SCRIPT = Path.of("src/main/native/build.sh");
  private static final String OTHER = "x86_64".equals(hostArchitecture()) ? "aarch64" : "x86_64";

  @TempDir Path work;

  private record Build(int exitCode, String output) {}

  private static String hostArchitecture() {
    String arch = System.getProperty("os.arch");
    return "amd64".equals(arch) ? "x86_64" : arch;
  }

  /**
   * A directory holding {@code <other>-linux-gnu-gcc}, a compiler that fails like a headerless one.
   */
  private Path brokenCrossCompiler() throws IOException {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path compiler = bin.resolve(OTHER + "-linux-gnu-gcc");
    Files.writeString(
        compiler,
        "#!/bin/sh\necho '/usr/include/features-time64.h:20:10: fatal error: bits/wordsize.h:"
            + " No such file or directory' >&2\nexit 1\n");
    Files.setPosixFilePermissions(compiler, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private Build build(String required, Path extraPath) throws Exception {
    Path output = work.resolve("classes-" + required);
    ProcessBuilder builder =
        new ProcessBuilder(
                "bash",
                SCRIPT.toString(),
                output.toString(),
                System.getProperty("java.home"),
                required)
            .redirectErrorStream(true);
    builder.environment().put("PATH", extraPath + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("build.sh finished").isTrue();
    return new Build(process.exitValue(), text);
  }

  private Path library(String required, String arch) {
    return work.resolve("classes-" + required)
        .resolve("dev/provisionersdk/internal/os/linux-" + arch + "/" + JniPosix.LIBRARY);
  }

  @Test
  void anOptionalArchitectureThatCannotBuildIsSkippedWithOneLine() throws Exception {
    PosixTest.assumeTheLibraryWasBuilt(); // needs the host's gcc, as the build itself does

    Build build = build("host", brokenCrossCompiler());

    assertThat(build.exitCode()).as(build.output()).isZero();
    assertThat(library("host", hostArchitecture())).isRegularFile();
    assertThat(library("host", OTHER)).doesNotExist();
    List<String> skipped =
        build
            .output()
            .lines()
            .filter(line -> line.contains("linux-" + OTHER + " skipped"))
            .toList();
    assertThat(skipped).hasSize(1);
    assertThat(skipped.get(0)).contains("bits/wordsize.h");
    assertThat(build.output()).contains("built the JNI library for 1 architecture(s)");
  }

  @Test
  void aReleaseFailsWhenAnyArchitectureCannotBuildAndSaysWhatToInstall() throws Exception {
    PosixTest.assumeTheLibraryWasBuilt();

    Build build = build("all", brokenCrossCompiler());

    assertThat(build.exitCode()).isEqualTo(1);
    assertThat(build.output())
        .contains("fatal error: bits/wordsize.h")
        .contains("compiling the JNI library for linux-" + OTHER)
        .contains("scripts/install-packages.sh native-cross");
  }

  @Test
  void anUnknownModeIsRefused() throws Exception {
    Build build = build("some", work);

    assertThat(build.exitCode()).isEqualTo(1);
    assertThat(build.output()).contains("REQUIRED is host or all, not 'some'");
  }
}

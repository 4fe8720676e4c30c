package dev.provisionersdk.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native calls of the JNI library, compared with what the JDK itself reports where it can (the
 * process id), and with a round trip through a real pipe.
 */
class PosixTest {
  /** A build with {@code -Dnative.skip} (CONTRIBUTING.md) has no JNI library to test. */
  static void assumeTheLibraryWasBuilt() {
    assumeFalse(
        Boolean.getBoolean("provisionersdk.native.skip"),
        "built with -Dnative.skip: the jar has no JNI library");
  }

  @Test
  void theJniLibraryLoadsOnEveryJdkAndComesFirst() {
    assumeTheLibraryWasBuilt();
    // The build compiles the library for this machine's architecture (src/main/native/build.sh).
    assertThat(Posix.load()).as(Posix.whyUnavailable()).get().isInstanceOf(JniPosix.class);
    assertThat(Posix.load().orElseThrow().implementation()).isEqualTo("the JNI library");
  }

  @Test
  void theLibrarysCopyIsDeletedOnceLoaded() throws IOException {
    assumeTheLibraryWasBuilt();
    assertThat(Posix.load()).isPresent();
    String prefix = "provisioner-sdk-posix-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .noneMatch(name -> name.startsWith(prefix));
    }
  }

  @Test
  void theJarCarriesTheHostsLibraryAndInAReleaseBuildBothArchitectures() {
    assumeTheLibraryWasBuilt();
    String host = LinuxArchitecture.current().orElseThrow();
    assertThat(JniPosix.class.getResource("linux-" + host + "/" + JniPosix.LIBRARY)).isNotNull();
    // The other one is optional unless the build asked for every architecture (-Prelease).
    if ("all".equals(System.getProperty("provisionersdk.native.architectures"))) {
      assertThat(JniPosix.class.getResource("linux-x86_64/" + JniPosix.LIBRARY)).isNotNull();
      assertThat(JniPosix.class.getResource("linux-aarch64/" + JniPosix.LIBRARY)).isNotNull();
    }
  }

  /** The implementation, as the runtime loads it (a build without it skips these tests). */
  static Stream<Named<Posix>> implementations() {
    assumeTheLibraryWasBuilt();
    return Stream.of(Named.of("JNI", Posix.load().orElseThrow()));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void processIdMatchesTheJdks(Posix posix) {
    assertThat(posix.pid()).isEqualTo(ProcessHandle.current().pid());
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void bytesWrittenToAPipeAreReadBackAfterDuplication(Posix posix) throws IOException {
    int[] pipe = posix.pipe();
    int copy = posix.dup(pipe[1]);
    byte[] message = "through a duplicated write end\n".getBytes(StandardCharsets.UTF_8);
    posix.write(copy, message, 0, message.length);
    posix.close(copy);
    posix.close(pipe[1]);
    byte[] buffer = new byte[256];
    int total = 0;
    for (int n; (n = posix.read(pipe[0], buffer, total, buffer.length - total)) > 0; ) {
      total += n;
    }
    posix.close(pipe[0]);
    assertThat(new String(buffer, 0, total, StandardCharsets.UTF_8))
        .isEqualTo("through a duplicated write end\n");
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void availableCountsTheBytesWaitingInAPipe(Posix posix) throws IOException {
    int[] pipe = posix.pipe();
    assertThat(posix.available(pipe[0])).isZero();
    byte[] message = "12345".getBytes(StandardCharsets.UTF_8);
    posix.write(pipe[1], message, 0, message.length);
    assertThat(posix.available(pipe[0])).isEqualTo(5);
    posix.read(pipe[0], new byte[2], 0, 2);
    assertThat(posix.available(pipe[0])).isEqualTo(3);
    assertThat(posix.poll(pipe[0], 0) & Posix.POLLIN).isEqualTo(Posix.POLLIN);
    posix.read(pipe[0], new byte[3], 0, 3);
    assertThat(posix.poll(pipe[0], 0)).as("nothing to read: a timeout").isZero();
    posix.close(pipe[1]);
    assertThat(posix.poll(pipe[0], -1) & Posix.POLLHUP)
        .as("no writer left")
        .isEqualTo(Posix.POLLHUP);
    posix.close(pipe[0]);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void duplicatingABadDescriptorNamesTheCallAndErrno(Posix posix) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> posix.dup2(-1, 1000))
        .isInstanceOf(IOException.class)
        .hasMessage("dup2 failed: errno 9");
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void killReportsAMissingProcessAsFalse(Posix posix) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("true").start();
    long pid = process.pid();
    process.waitFor();
    // Reaped by the JDK: the id no longer names a process (ids are not reused this quickly).
    assertThat(posix.kill(pid, 0)).isFalse();
    assertThat(posix.kill(ProcessHandle.current().pid(), 0)).isTrue();
  }
}

package dev.provisionersdk.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The native calls, compared with what the JDK itself reports where it can (the process id), and
 * with a round trip through a real pipe.
 */
class PosixTest {
  @Test
  void loadsOnJdk22AndNewerOnlyAndAlwaysOnTheBuildJdkOfCi() {
    Optional<Posix> posix = Posix.load();
    if (Runtime.version().feature() < Posix.MINIMUM_FEATURE_VERSION) {
      assertThat(posix).isEmpty();
    } else {
      // A JDK 22+ build compiles the implementation (the native-access profile), so it must load.
      assertThat(posix).isPresent();
    }
  }

  @Test
  void processIdMatchesTheJdks() {
    Posix posix = requirePosix();
    assertThat(posix.pid()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void bytesWrittenToAPipeAreReadBackAfterDuplication() throws IOException {
    Posix posix = requirePosix();
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

  @Test
  void availableCountsTheBytesWaitingInAPipe() throws IOException {
    Posix posix = requirePosix();
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

  @Test
  void closingABadDescriptorNamesTheCallAndErrno() {
    Posix posix = requirePosix();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> posix.dup2(-1, 1000))
        .isInstanceOf(IOException.class)
        .hasMessage("dup2 failed: errno 9");
  }

  @Test
  void killReportsAMissingProcessAsFalse() throws IOException, InterruptedException {
    Posix posix = requirePosix();
    Process process = new ProcessBuilder("true").start();
    long pid = process.pid();
    process.waitFor();
    // Reaped by the JDK: the id no longer names a process (ids are not reused this quickly).
    assertThat(posix.kill(pid, 0)).isFalse();
    assertThat(posix.kill(ProcessHandle.current().pid(), 0)).isTrue();
  }

  private static Posix requirePosix() {
    Optional<Posix> posix = Posix.load();
    assumeThat(posix).as("native access needs JDK %d+", Posix.MINIMUM_FEATURE_VERSION).isPresent();
    return posix.orElseThrow();
  }
}

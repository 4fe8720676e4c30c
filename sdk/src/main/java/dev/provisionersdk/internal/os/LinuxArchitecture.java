package dev.provisionersdk.internal.os;

import java.util.Optional;

/**
 * The two platforms the native calls support, as the JNI library's directory in the jar names them
 * ({@code linux-<name>}).
 */
final class LinuxArchitecture {
  private LinuxArchitecture() {}

  /**
   * This JVM's platform.
   *
   * @return {@code "x86_64"} or {@code "aarch64"} on Linux; empty on any other OS or architecture
   */
  static Optional<String> current() {
    if (!System.getProperty("os.name", "").equals("Linux")) {
      return Optional.empty();
    }
    return switch (System.getProperty("os.arch", "")) {
      case "amd64", "x86_64" -> Optional.of("x86_64");
      case "aarch64" -> Optional.of("aarch64");
      default -> Optional.empty();
    };
  }
}

package dev.provisionersdk.internal.os;

/**
 * Initialises only when native access is enabled for the SDK's module: {@link JniPosix} asks by
 * initialising this class ({@code Class.forName}) before {@code System.load}, which JDK 24+
 * restricts. Asking through {@code Method.invoke} instead would spin method-handle classes that no
 * class-data archive holds, milliseconds of every run's start-up. Compiled for JDK 22+ only ({@code
 * Module.isNativeAccessEnabled}).
 */
final class NativeAccessCheck {
  static {
    requireNativeAccess();
  }

  private NativeAccessCheck() {}

  private static void requireNativeAccess() {
    Module module = NativeAccessCheck.class.getModule();
    if (!module.isNativeAccessEnabled()) {
      throw new IllegalCallerException("native access is not enabled for " + module);
    }
  }
}

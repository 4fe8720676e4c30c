package dev.provisionersdk.internal.os;

/**
 * Whether native access is enabled for the SDK's module. {@link JniPosix} asks by initialising this
 * class ({@code Class.forName}) before {@code System.load}, which JDK 24+ restricts: the class
 * initialises only when access is enabled. Asking through {@code Method.invoke} instead would spin
 * method-handle classes that no class-data archive holds, milliseconds of every run's start-up.
 * {@link ForeignPosix} calls {@link #requireNativeAccess()} directly. Compiled for JDK 22+ only
 * ({@code Module.isNativeAccessEnabled}).
 */
final class NativeAccessCheck {
  static {
    requireNativeAccess();
  }

  private NativeAccessCheck() {}

  /**
   * Fails unless native access is enabled for the SDK's module.
   *
   * @throws IllegalCallerException when it is not
   */
  static void requireNativeAccess() {
    Module module = NativeAccessCheck.class.getModule();
    if (!module.isNativeAccessEnabled()) {
      throw new IllegalCallerException("native access is not enabled for " + module);
    }
  }
}

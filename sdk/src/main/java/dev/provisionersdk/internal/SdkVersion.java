package dev.provisionersdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's own version, written into the jar at build time. */
public final class SdkVersion {
  private SdkVersion() {}

  /**
   * Returns the SDK's version, e.g. {@code 0.1.0}.
   *
   * @return the version, or {@code unknown} when the build did not record it
   */
  public static String get() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("sdk.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

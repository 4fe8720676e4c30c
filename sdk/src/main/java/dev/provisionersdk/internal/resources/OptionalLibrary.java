package dev.provisionersdk.internal.resources;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;

/**
 * A library the SDK declares as an optional Maven dependency, so that images which do not need it
 * stay small and start fast: jackson-jq for {@code .jq} templates, networknt's validator for {@code
 * schema-artifacts.json}. The code using one lives in a class of its own ({@link JqProgram}, {@link
 * SchemaCheck}) that is loaded only after {@link #require} has passed.
 *
 * <p>Immutable and thread-safe.
 */
final class OptionalLibrary {
  /** jq for {@code .jq} templates. */
  static final OptionalLibrary JACKSON_JQ =
      new OptionalLibrary("net.thisptr", "jackson-jq", "net.thisptr.jackson.jq.JsonQuery", "1.6.2");

  /** JSON Schema validation of payloads against {@code schema-artifacts.json}. */
  static final OptionalLibrary JSON_SCHEMA_VALIDATOR =
      new OptionalLibrary(
          "com.networknt", "json-schema-validator", "com.networknt.schema.SchemaRegistry", "2.0.8");

  private final String groupId;
  private final String artifactId;
  private final String probeClass;
  private final String testedVersion;

  /**
   * Describes a library.
   *
   * @param groupId its Maven group
   * @param artifactId its Maven artifact
   * @param probeClass a class it contains, looked up without initialisation
   * @param testedVersion the version the SDK is built and tested with, shown in the message
   */
  OptionalLibrary(String groupId, String artifactId, String probeClass, String testedVersion) {
    this.groupId = groupId;
    this.artifactId = artifactId;
    this.probeClass = probeClass;
    this.testedVersion = testedVersion;
  }

  /**
   * Checks that the library is on the class path.
   *
   * @param neededFor what needs it, e.g. {@code "artifact_bucket.jq"}, starts the message
   * @throws ProvisionerException with exit code {@link ExitCode#HANDLER_FAILED} naming the Maven
   *     dependency to add when it is missing
   */
  void require(String neededFor) {
    if (!present()) {
      throw ProvisionerException.withExitCode(
          ExitCode.HANDLER_FAILED,
          neededFor
              + " needs "
              + groupId
              + ":"
              + artifactId
              + ", which is not on the class path (the SDK declares it optional) — add"
              + " <dependency><groupId>"
              + groupId
              + "</groupId><artifactId>"
              + artifactId
              + "</artifactId><version>"
              + testedVersion
              + "</version></dependency> to the provisioner's pom.xml (README \"Publishing"
              + " resources\")");
    }
  }

  /** Whether the library's entry class can be found, without initialising it. */
  boolean present() {
    try {
      Class.forName(probeClass, false, OptionalLibrary.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}

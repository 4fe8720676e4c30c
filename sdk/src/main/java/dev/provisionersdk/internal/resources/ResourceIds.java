package dev.provisionersdk.internal.resources;

import dev.provisionersdk.DeploymentContext;
import dev.provisionersdk.Metadata;
import dev.provisionersdk.ProvisionerException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ids of a run's provisioned resources, {@code <name_prefix>-<field>} (Massdriver docs,
 * reference "Identifier constraints", section Artifact/Resource): the name prefix is {@code
 * params.md_metadata.name_prefix}, else {@code MASSDRIVER_PACKAGE_NAME}, both with their
 * 4-character suffix ({@code ecomm-prod-api-abc1}), as the newest xo deletes them. Not {@code
 * MASSDRIVER_INSTANCE_ID}, which lacks the suffix.
 *
 * <p>Both sources are checked against the documented shape of a name prefix (lower-case letters,
 * digits and single hyphens: project, environment and manifest slugs and the suffix), so a hostile
 * value never reaches a URL.
 *
 * <p>Immutable and thread-safe.
 */
final class ResourceIds {
  /** {@code {project}-{environment}-{manifest}-{suffix}}, each part lower-case alphanumeric. */
  static final Pattern NAME_PREFIX = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

  private static final int MAX_LENGTH = 64;

  private final Optional<String> namePrefix;
  private final String source;

  private ResourceIds(Optional<String> namePrefix, String source) {
    this.namePrefix = namePrefix;
    this.source = source;
  }

  /**
   * Finds the name prefix of a run.
   *
   * @param metadata the run's {@code md_metadata}
   * @param context the run's context, for {@code MASSDRIVER_PACKAGE_NAME}
   * @return the ids
   * @throws ProvisionerException with exit code 2 naming the source when the prefix is malformed
   */
  static ResourceIds of(Metadata metadata, DeploymentContext context) {
    Objects.requireNonNull(metadata, "metadata");
    Optional<String> fromMetadata = metadata.namePrefix().filter(value -> !value.isBlank());
    if (fromMetadata.isPresent()) {
      return new ResourceIds(
          Optional.of(check(fromMetadata.get(), "params.json md_metadata.name_prefix")),
          "md_metadata.name_prefix");
    }
    Optional<String> fromEnvironment = context.variable("MASSDRIVER_PACKAGE_NAME");
    if (fromEnvironment.isPresent()) {
      return new ResourceIds(
          Optional.of(check(fromEnvironment.get(), "MASSDRIVER_PACKAGE_NAME")),
          "MASSDRIVER_PACKAGE_NAME");
    }
    return new ResourceIds(Optional.empty(), "none");
  }

  /**
   * Returns a field's resource id.
   *
   * @param field a field, already checked against the field pattern
   * @return {@code <name_prefix>-<field>}
   * @throws ProvisionerException with exit code 2 when the run has no name prefix
   */
  String id(String field) {
    return namePrefix
        .map(prefix -> prefix + "-" + field)
        .orElseThrow(
            () ->
                ProvisionerException.invalidInput(
                    "deleting resource '"
                        + field
                        + "': neither params.json md_metadata.name_prefix nor"
                        + " MASSDRIVER_PACKAGE_NAME is set — the resource id is"
                        + " <name_prefix>-<field> (e.g. ecomm-prod-api-abc1-"
                        + field
                        + "); the platform sets both in a deployment, locally add md_metadata to"
                        + " params.json or pass --env MASSDRIVER_PACKAGE_NAME=..."));
  }

  /**
   * Returns a field's resource id for a preview, with a placeholder when there is no prefix.
   *
   * @param field the field
   * @return the id, or {@code <name_prefix>-<field>}
   */
  String idOrPlaceholder(String field) {
    return namePrefix.orElse("<name_prefix>") + "-" + field;
  }

  /** Where the prefix came from, for log lines: {@code md_metadata.name_prefix} or the variable. */
  String source() {
    return source;
  }

  boolean known() {
    return namePrefix.isPresent();
  }

  private static String check(String value, String name) {
    if (value.length() > MAX_LENGTH || !NAME_PREFIX.matcher(value).matches()) {
      throw ProvisionerException.invalidInput(
          name
              + " is not a Massdriver name prefix: expected lower-case letters, digits and single"
              + " hyphens, at most "
              + MAX_LENGTH
              + " characters, e.g. ecomm-prod-api-abc1 (found '"
              + printable(value)
              + "') — it builds the resource id <name_prefix>-<field> used in API paths; check the"
              + " value the platform (or your --env / params.json) passes");
    }
    return value;
  }

  /** The value with control characters shown as {@code ?}, cut to 80 characters. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .limit(80)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return value.length() > 80 ? out + "…" : out.toString();
  }
}

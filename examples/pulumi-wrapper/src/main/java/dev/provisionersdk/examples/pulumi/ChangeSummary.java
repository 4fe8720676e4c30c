package dev.provisionersdk.examples.pulumi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an operation on a stack would change, or changed: totals per operation, counts per resource
 * type, and the resources to be replaced or deleted by name. Built from the two machine-readable
 * forms of the Pulumi engine's events:
 *
 * <ul>
 *   <li>{@code pulumi preview --json}: one document (pkg/backend/display's {@code PreviewDigest}),
 *       {@code steps[]} with {@code op}, {@code urn}, {@code newState.type}, {@code
 *       replaceReasons}, and {@code changeSummary} (operation to count);
 *   <li>{@code pulumi up --event-log FILE}: one engine event per line (apitype's {@code
 *       EngineEvent}); {@code resOutputsEvent.metadata} ({@code op}, {@code urn}, {@code type},
 *       {@code keys}) for each finished step, {@code resOpFailedEvent} for failed ones and {@code
 *       summaryEvent.resourceChanges} at the end.
 * </ul>
 *
 * Only types, names, operations and property names are reported, never property values.
 */
final class ChangeSummary {
  private static final String ROOT_STACK = "pulumi:pulumi:Stack";

  /** Operations reported per type, in order; other steps (same, read, refresh) are not. */
  private static final List<String> CHANGES = List.of("create", "update", "replace", "delete");

  private record Step(String op, String type, String name, List<String> reasons) {}

  private final boolean preview;
  private final Map<String, Integer> totals;
  private final List<Step> steps;
  private final List<Step> failed;

  private ChangeSummary(
      boolean preview, Map<String, Integer> totals, List<Step> steps, List<Step> failed) {
    this.preview = preview;
    this.totals = totals;
    this.steps = steps;
    this.failed = failed;
  }

  /**
   * Reads the document {@code pulumi preview --json} prints.
   *
   * @param digest the parsed document
   * @return the summary of the planned changes
   */
  static ChangeSummary ofPreview(JsonNode digest) {
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : digest.path("steps")) {
      String type =
          step.path("newState").path("type").asText(step.path("oldState").path("type").asText(""));
      steps.add(
          step(
              step.path("op").asText(),
              step.path("urn").asText(),
              type,
              step.path("replaceReasons")));
    }
    return new ChangeSummary(true, counts(digest.path("changeSummary")), steps, List.of());
  }

  /**
   * Reads the event log of an update or destroy ({@code --event-log}), one JSON event per line.
   * Events of the preview the operation runs first ({@code planning}) are skipped.
   *
   * @param events the parsed events, in order
   * @return the summary of the changes made
   */
  static ChangeSummary ofEventLog(List<JsonNode> events) {
    List<Step> steps = new ArrayList<>();
    List<Step> failed = new ArrayList<>();
    JsonNode resourceChanges = null;
    for (JsonNode event : events) {
      JsonNode outputs = event.path("resOutputsEvent");
      if (outputs.isObject() && !outputs.path("planning").asBoolean(false)) {
        steps.add(metadataStep(outputs.path("metadata")));
      }
      JsonNode failure = event.path("resOpFailedEvent");
      if (failure.isObject()) {
        failed.add(metadataStep(failure.path("metadata")));
      }
      JsonNode summary = event.path("summaryEvent");
      if (summary.isObject() && !summary.path("isPreview").asBoolean(false)) {
        resourceChanges = summary.path("resourceChanges");
      }
    }
    return new ChangeSummary(
        false, resourceChanges == null ? Map.of() : counts(resourceChanges), steps, failed);
  }

  /**
   * Whether the engine reported a total (a preview digest, or an event log with its summary).
   *
   * @return false for an empty or interrupted event log
   */
  boolean hasTotals() {
    return !totals.isEmpty();
  }

  /**
   * Formats the summary for the log.
   *
   * @param subject what the first line is about, e.g. {@code plan for stack dev}
   * @return the lines, the totals first
   */
  List<String> lines(String subject) {
    List<String> lines = new ArrayList<>();
    lines.add(subject + ": " + totalsText());
    Map<String, Map<String, Integer>> perType = new LinkedHashMap<>();
    for (Step step : steps) {
      if (CHANGES.contains(category(step.op())) && !ROOT_STACK.equals(step.type())) {
        perType
            .computeIfAbsent(step.type(), type -> new TreeMap<>(this::byChangeOrder))
            .merge(category(step.op()), 1, Integer::sum);
      }
    }
    perType.forEach(
        (type, counts) -> {
          List<String> parts = new ArrayList<>();
          counts.forEach((op, count) -> parts.add(count + " " + verb(op)));
          lines.add("  " + type + ": " + String.join(", ", parts));
        });
    for (Step step : steps) {
      String category = category(step.op());
      if (category.equals("replace") || category.equals("delete")) {
        lines.add(
            "  "
                + verb(category)
                + ": "
                + step.type()
                + " '"
                + step.name()
                + "'"
                + (step.reasons().isEmpty()
                    ? ""
                    : " (because of " + String.join(", ", step.reasons()) + ")"));
      }
    }
    for (Step step : failed) {
      lines.add(
          "  failed to " + category(step.op()) + ": " + step.type() + " '" + step.name() + "'");
    }
    return lines;
  }

  private String totalsText() {
    if (totals.isEmpty()) {
      return "no summary from the engine (the operation did not finish)";
    }
    List<String> parts = new ArrayList<>();
    for (String op : CHANGES) {
      int count = totals.getOrDefault(op, 0);
      if (count > 0) {
        parts.add(count + " " + verb(op));
      }
    }
    totals.forEach(
        (op, count) -> {
          if (!CHANGES.contains(op) && !op.equals("same") && count > 0) {
            parts.add(count + " " + op);
          }
        });
    int unchanged = totals.getOrDefault("same", 0);
    if (parts.isEmpty()) {
      return "no changes (" + unchanged + " unchanged)";
    }
    if (unchanged > 0) {
      parts.add(unchanged + " unchanged");
    }
    return String.join(", ", parts);
  }

  private String verb(String op) {
    if (preview) {
      return "to " + op;
    }
    return op.endsWith("e") ? op + "d" : op + "ed";
  }

  private int byChangeOrder(String left, String right) {
    return Integer.compare(CHANGES.indexOf(left), CHANGES.indexOf(right));
  }

  /** Groups the engine's step operations: an import creates, and a discard deletes nothing. */
  private static String category(String op) {
    switch (op) {
      case "create":
      case "import":
        return "create";
      case "update":
        return "update";
      case "replace":
        return "replace";
      case "delete":
        return "delete";
      default:
        return op;
    }
  }

  private static Step metadataStep(JsonNode metadata) {
    return step(
        metadata.path("op").asText(),
        metadata.path("urn").asText(),
        metadata.path("type").asText(""),
        metadata.path("keys"));
  }

  private static Step step(String op, String urn, String type, JsonNode reasons) {
    // urn:pulumi:<stack>::<project>::<parent types$type>::<name>; a name may contain "::".
    String[] parts = urn.split("::", 4);
    String name = parts.length == 4 ? parts[3] : urn;
    if (type.isEmpty() && parts.length >= 3) {
      type = parts[2].substring(parts[2].lastIndexOf('$') + 1);
    }
    List<String> keys = new ArrayList<>();
    reasons.forEach(key -> keys.add(key.asText()));
    return new Step(op, type, name, keys);
  }

  private static Map<String, Integer> counts(JsonNode changes) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    changes.properties().forEach(entry -> counts.put(entry.getKey(), entry.getValue().asInt()));
    return counts;
  }
}

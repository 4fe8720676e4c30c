package dev.provisionersdk.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.Controls;
import dev.provisionersdk.Environments;
import dev.provisionersdk.ProvisionerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code execution} block of the step's {@code config.json}: control values a bundle sets in
 * {@code massdriver.yaml} without rebuilding the image. They override the code's values.
 *
 * <pre>{@code
 * {"execution": {"timeout": "30m", "max_retries": 2, "pause_before": "10s",
 *                "grace_period": "10s", "cleanup_timeout": "5m",
 *                "tasks": {"scan": {"timeout": "5m", "only": ["prod"]}}}}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ExecutionConfig {
  /** The key of the block in {@code config.json}. */
  public static final String KEY = "execution";

  private static final Set<String> CONTROL_KEYS =
      Set.of("timeout", "max_retries", "pause_before", "grace_period", "cleanup_timeout");
  private static final Set<String> TASK_KEYS =
      Set.of(
          "timeout",
          "max_retries",
          "pause_before",
          "grace_period",
          "cleanup_timeout",
          "only",
          "except");

  private final JsonNode handler;
  private final Map<String, JsonNode> tasks;

  private ExecutionConfig(JsonNode handler, Map<String, JsonNode> tasks) {
    this.handler = handler;
    this.tasks = tasks;
  }

  /**
   * Reads and validates the block.
   *
   * @param config the whole {@code config.json}
   * @return the block, empty when absent
   * @throws ProvisionerException with exit code 2 naming the key of a malformed value
   */
  public static ExecutionConfig from(JsonNode config) {
    JsonNode block = config.path(KEY);
    if (block.isMissingNode() || block.isNull()) {
      return new ExecutionConfig(block, Map.of());
    }
    String path = "$." + KEY;
    requireObject(block, path);
    Set<String> allowed = new java.util.HashSet<>(CONTROL_KEYS);
    allowed.add("tasks");
    checkKeys(block, path, allowed);
    Map<String, JsonNode> tasks = new TreeMap<>();
    JsonNode taskBlock = block.path("tasks");
    if (!taskBlock.isMissingNode() && !taskBlock.isNull()) {
      requireObject(taskBlock, path + ".tasks");
      for (Map.Entry<String, JsonNode> task : taskBlock.properties()) {
        String taskPath = path + ".tasks." + task.getKey();
        requireObject(task.getValue(), taskPath);
        checkKeys(task.getValue(), taskPath, TASK_KEYS);
        tasks.put(task.getKey(), task.getValue());
      }
    }
    ExecutionConfig parsed = new ExecutionConfig(block, tasks);
    // Parse everything now, so a typo fails before any work starts.
    parsed.forHandler(Controls.defaults());
    for (String name : tasks.keySet()) {
      parsed.forTask(name, Controls.defaults());
      parsed.environmentsForTask(name, Environments.all());
    }
    return parsed;
  }

  /**
   * Applies the block to a handler's controls.
   *
   * @param code the controls given in code
   * @return the effective controls
   */
  public Controls forHandler(Controls code) {
    return apply(code, handler, "$." + KEY);
  }

  /**
   * Applies the block, then the task's own entry, to a task's controls.
   *
   * @param name the task's name
   * @param code the controls given in code
   * @return the effective controls
   */
  public Controls forTask(String name, Controls code) {
    JsonNode task = tasks.get(name);
    return task == null ? code : apply(code, task, "$." + KEY + ".tasks." + name);
  }

  /**
   * Applies the task's {@code only}/{@code except} entry, which replaces the code's filter.
   *
   * @param name the task's name
   * @param code the filter given in code
   * @return the effective filter
   */
  public Environments environmentsForTask(String name, Environments code) {
    JsonNode task = tasks.get(name);
    if (task == null) {
      return code;
    }
    String path = "$." + KEY + ".tasks." + name;
    boolean only = present(task, "only");
    boolean except = present(task, "except");
    if (only && except) {
      throw invalid(path, "give either only or except, not both");
    }
    if (only) {
      return Environments.only(strings(task.get("only"), path + ".only"));
    }
    return except ? Environments.except(strings(task.get("except"), path + ".except")) : code;
  }

  private static Controls apply(Controls code, JsonNode block, String path) {
    if (!block.isObject()) {
      return code;
    }
    Controls.Builder builder = code.toBuilder();
    if (present(block, "timeout")) {
      builder.timeout(duration(block.get("timeout"), path + ".timeout"));
    }
    if (present(block, "max_retries")) {
      builder.maxRetries(count(block.get("max_retries"), path + ".max_retries"));
    }
    if (present(block, "pause_before")) {
      builder.pauseBefore(duration(block.get("pause_before"), path + ".pause_before"));
    }
    if (present(block, "grace_period")) {
      builder.gracePeriod(duration(block.get("grace_period"), path + ".grace_period"));
    }
    if (present(block, "cleanup_timeout")) {
      Duration cleanup = duration(block.get("cleanup_timeout"), path + ".cleanup_timeout");
      if (cleanup.isZero()) {
        throw invalid(path + ".cleanup_timeout", "must be more than zero");
      }
      builder.cleanupTimeout(cleanup);
    }
    return builder.build();
  }

  private static boolean present(JsonNode block, String key) {
    return block.has(key) && !block.get(key).isNull();
  }

  private static Duration duration(JsonNode value, String path) {
    try {
      if (value.isIntegralNumber()) {
        return Durations.ofSeconds(value.bigIntegerValue());
      }
      if (value.isTextual()) {
        return Durations.parse(value.asText());
      }
    } catch (IllegalArgumentException e) {
      throw invalid(path, e.getMessage());
    }
    throw invalid(path, "expected a duration such as \"90s\", \"5m\" or \"1h30m\"");
  }

  private static int count(JsonNode value, String path) {
    String text = value.asText().trim();
    if ((value.isIntegralNumber() || value.isTextual()) && text.matches("\\d{1,4}")) {
      return Integer.parseInt(text);
    }
    throw invalid(path, "expected a whole number from 0 to 9999");
  }

  private static String[] strings(JsonNode value, String path) {
    List<String> values = new ArrayList<>();
    if (value.isTextual()) {
      values.add(value.asText());
    } else if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw invalid(path, "expected environment names as strings");
        }
        values.add(item.asText());
      }
    } else {
      throw invalid(path, "expected a list of environment names");
    }
    if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
      throw invalid(path, "expected at least one environment name, none blank");
    }
    return values.toArray(String[]::new);
  }

  private static void requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path, "expected an object");
    }
  }

  private static void checkKeys(JsonNode block, String path, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> entry : block.properties()) {
      if (!allowed.contains(entry.getKey())) {
        throw invalid(
            path + "." + entry.getKey(),
            "unknown key; expected one of " + new java.util.TreeSet<>(allowed));
      }
    }
  }

  private static ProvisionerException invalid(String path, String problem) {
    return ProvisionerException.invalidInput(
        "config.json "
            + path
            + ": "
            + problem
            + " — fix the step's config block in massdriver.yaml");
  }
}

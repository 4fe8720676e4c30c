package dev.provisionersdk.examples.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.provisionersdk.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a playbook run reported through the {@code massdriver_summary} callback: the recap per host
 * and the data the playbook exported with {@code set_stats}.
 *
 * @param hosts host name to its counts, in name order
 * @param outputs the {@code set_stats} data (with {@code per_host: false}), an object
 */
record RunSummary(Map<String, HostCounts> hosts, JsonNode outputs) {

  /**
   * One host's line of the play recap.
   *
   * @param ok tasks that ran, changed or not
   * @param changed tasks that changed something (in check mode: would have)
   * @param unreachable tasks that could not reach the host
   * @param failed failed tasks
   * @param skipped skipped tasks
   * @param rescued failures handled by a {@code rescue} block
   * @param ignored failures ignored by {@code ignore_errors}
   */
  record HostCounts(
      int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {
    @Override
    public String toString() {
      return "ok="
          + ok
          + " changed="
          + changed
          + " unreachable="
          + unreachable
          + " failed="
          + failed
          + " skipped="
          + skipped
          + " rescued="
          + rescued
          + " ignored="
          + ignored;
    }
  }

  /**
   * Reads the callback's file.
   *
   * @param file the file named by {@code MASSDRIVER_ANSIBLE_SUMMARY}
   * @param request reads the JSON with the SDK's mapper
   * @return the summary, or empty when Ansible stopped before the end of the playbook (no file)
   * @throws IOException when the file cannot be read
   * @throws dev.provisionersdk.ProvisionerException when it is not JSON
   */
  static Optional<RunSummary> read(Path file, Request request) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root =
        request.readJson(Files.readString(file, StandardCharsets.UTF_8), JsonNode.class);
    Map<String, HostCounts> hosts = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : root.path("hosts").properties()) {
      JsonNode counts = entry.getValue();
      hosts.put(
          entry.getKey(),
          new HostCounts(
              counts.path("ok").asInt(),
              counts.path("changed").asInt(),
              counts.path("unreachable").asInt(),
              counts.path("failures").asInt(),
              counts.path("skipped").asInt(),
              counts.path("rescued").asInt(),
              counts.path("ignored").asInt()));
    }
    JsonNode outputs = root.path("outputs");
    return Optional.of(
        new RunSummary(
            Collections.unmodifiableMap(hosts),
            outputs.isObject() ? outputs : JsonNodeFactory.instance.objectNode()));
  }

  /**
   * Returns the number of changed tasks over all hosts.
   *
   * @return the sum
   */
  int changed() {
    return hosts.values().stream().mapToInt(HostCounts::changed).sum();
  }

  /**
   * Returns the hosts with failed or unreachable tasks.
   *
   * @return their names, in name order
   */
  List<String> troubled() {
    return hosts.entrySet().stream()
        .filter(entry -> entry.getValue().failed() > 0 || entry.getValue().unreachable() > 0)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /**
   * Returns the recap as text lines for the log: a headline, then one line per host.
   *
   * @param checkMode whether the run was a check (plan), which changes nothing
   * @return the lines
   */
  List<String> lines(boolean checkMode) {
    String headline =
        checkMode
            ? "Ansible check: "
                + changed()
                + " task(s) would change something on "
                + hosts.size()
                + " host(s); nothing was changed"
            : "Ansible recap: "
                + changed()
                + " task(s) changed something on "
                + hosts.size()
                + " host(s)";
    List<String> lines = new ArrayList<>();
    lines.add(headline);
    hosts.keySet().stream()
        .sorted()
        .forEach(host -> lines.add("  " + host + ": " + hosts.get(host)));
    return lines;
  }
}

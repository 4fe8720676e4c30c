package dev.provisionersdk.examples.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The inventory a run uses: the bundle's own file ({@code inventory}), the configured {@code
 * hosts}, or localhost with the local connection.
 *
 * <p>Localhost runs modules with the Python that runs Ansible, and keeps Ansible's per-task files
 * (which hold module arguments) in the run's private directory. Configured hosts are written with
 * {@link UnsafeYaml}: their names and variables come from params or connections and are never
 * evaluated as templates.
 *
 * <p>Stateless and thread-safe.
 */
final class Inventory {
  private Inventory() {}

  /**
   * Returns the {@code -i} argument for a run, writing the inventory file when there is none in the
   * bundle.
   *
   * @param settings the run's settings
   * @param directory the run's private directory
   * @return the inventory's path
   * @throws IOException when the file cannot be written
   */
  static Path prepare(AnsibleSettings settings, RunDirectory directory) throws IOException {
    if (settings.inventory().isPresent()) {
      return settings.inventory().get();
    }
    if (!settings.hosts().isEmpty()) {
      return directory.writePrivate("inventory.yml", configured(settings.hosts()));
    }
    return directory.writePrivate("inventory.yml", localhost(directory.path()));
  }

  /**
   * Localhost: the local connection, the controller's Python, and Ansible's per-task files and
   * async job results (module arguments and output) in the run's private directory.
   */
  static String localhost(Path privateDirectory) {
    return "{\"all\": {\"hosts\": {\"localhost\": {\"ansible_connection\": \"local\","
        + " \"ansible_python_interpreter\": \"{{ ansible_playbook_python }}\","
        + " \"ansible_remote_tmp\": "
        + UnsafeYaml.unsafe(privateDirectory.resolve("remote-tmp").toString())
        + ", \"ansible_async_dir\": "
        + UnsafeYaml.unsafe(privateDirectory.resolve("async").toString())
        + "}}}}\n";
  }

  /**
   * The configured hosts in group {@code all}; an object's fields other than name are host vars.
   */
  static String configured(List<JsonNode> hosts) {
    ObjectNode byName = JsonNodeFactory.instance.objectNode();
    for (JsonNode host : hosts) {
      if (host.isTextual()) {
        byName.set(host.asText(), JsonNodeFactory.instance.objectNode());
        continue;
      }
      ObjectNode variables = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : host.properties()) {
        if (!field.getKey().equals("name")) {
          variables.set(field.getKey(), field.getValue());
        }
      }
      byName.set(host.get("name").asText(), variables);
    }
    ObjectNode all = JsonNodeFactory.instance.objectNode();
    all.putObject("all").set("hosts", byName);
    return UnsafeYaml.write(all) + "\n";
  }
}

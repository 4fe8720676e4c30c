package dev.provisionersdk.examples.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inventory files a run writes (Ansible reads them in the ITs). */
class InventoryTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void localhostUsesTheLocalConnectionTheControllersPythonAndThePrivateDirectory() {
    assertThat(Inventory.localhost(Path.of("/tmp/run")))
        .isEqualTo(
            "{\"all\": {\"hosts\": {\"localhost\": {\"ansible_connection\": \"local\","
                + " \"ansible_python_interpreter\": \"{{ ansible_playbook_python }}\","
                + " \"ansible_remote_tmp\": !unsafe \"/tmp/run/remote-tmp\","
                + " \"ansible_async_dir\": !unsafe \"/tmp/run/async\"}}}}\n");
  }

  @Test
  void configuredHostsAreNamesOrObjectsWhoseOtherFieldsAreLiteralHostVariables() throws Exception {
    String inventory =
        Inventory.configured(
            List.of(
                MAPPER.readTree("\"web-1\""),
                MAPPER.readTree(
                    "{\"name\": \"db\", \"ansible_host\": \"10.0.0.5\", \"ansible_port\": 2222}")));

    assertThat(inventory)
        .isEqualTo(
            "{\"all\": {\"hosts\": {\"web-1\": {}, \"db\": {\"ansible_host\": !unsafe"
                + " \"10.0.0.5\", \"ansible_port\": 2222}}}}\n");
  }
}

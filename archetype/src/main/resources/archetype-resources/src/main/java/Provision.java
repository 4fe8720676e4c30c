package ${package};

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionHandler;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Request;
import dev.provisionersdk.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code provision}: creates or updates what the bundle describes. This template records what it
 * would deploy in {@value #STATE_FILE} in the step directory; replace that with your tool or API
 * call.
 */
final class Provision implements ProvisionHandler {
  /** The file this template writes in the step directory. */
  static final String STATE_FILE = "provisioned.json";

  private static final Logger LOG = LoggerFactory.getLogger(Provision.class);

  @Override
  public void provision(Request request) throws IOException {
    Params params = request.params(Params.class);
    String name = request.metadata().namePrefix().orElse("(no name prefix)");
    Secret token =
        request
            .secret("api_token")
            .orElseThrow(
                () ->
                    ProvisionerException.invalidInput(
                        "secrets.json has no api_token: declare it in the bundle's secrets"));
    // Use token.reveal() to call your API or tool; whatever you print of it is masked as ***.
    LOG.info("provisioning {} with a token of {} characters", name, token.reveal().length());

    // A JSON tree, as request.params() gives: no ObjectMapper of your own (building one costs
    // ~90 ms of start-up; request.params(Params.class) already uses the SDK's).
    ObjectNode json =
        JsonNodeFactory.instance.objectNode().put("name", name).put("replicas", params.replicas());
    Path state = request.stepDirectory().resolve(STATE_FILE);
    Files.writeString(state, json + "\n", StandardCharsets.UTF_8);
    System.out.println("Provisioned " + name + ": wrote " + state);
  }
}

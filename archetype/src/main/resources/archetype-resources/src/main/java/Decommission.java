package ${package};

import dev.provisionersdk.DecommissionHandler;
import dev.provisionersdk.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code decommission}: removes what {@code provision} created. It must succeed when there is
 * nothing left to remove, since the platform may retry it.
 */
final class Decommission implements DecommissionHandler {
  @Override
  public void decommission(Request request) throws IOException {
    String name = request.metadata().namePrefix().orElse("(no name prefix)");
    Path state = request.stepDirectory().resolve(Provision.STATE_FILE);
    boolean removed = Files.deleteIfExists(state);
    System.out.println(
        "Decommissioned " + name + (removed ? ": removed " + state : ": nothing to remove"));
  }
}

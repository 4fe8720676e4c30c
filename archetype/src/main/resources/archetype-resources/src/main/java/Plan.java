package ${package};

import dev.provisionersdk.PlanHandler;
import dev.provisionersdk.Request;

/** {@code plan}: prints what {@code provision} would do and changes nothing. */
final class Plan implements PlanHandler {
  @Override
  public void plan(Request request) {
    Params params = request.params(Params.class);
    String name = request.metadata().namePrefix().orElse("(no name prefix)");
    System.out.println(
        "Plan for "
            + name
            + ": "
            + params.replicas()
            + " replica(s) of size "
            + params.size()
            + " in step "
            + request.context().stepPath());
  }
}

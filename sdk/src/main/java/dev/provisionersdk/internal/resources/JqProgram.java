package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.provisionersdk.ProvisionerException;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Everything that touches jackson-jq, an optional dependency: loaded only by {@link Templates}
 * after {@link OptionalLibrary#JACKSON_JQ} was found, so a provisioner without templates never
 * loads (or ships) jq.
 */
final class JqProgram {
  private static final Version JQ = Versions.JQ_1_7;

  private JqProgram() {}

  /** Creates an engine with jq 1.7's built-in functions; the costly part, done once per run. */
  static Engine engine() {
    Scope scope = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(JQ, scope);
    return new Engine(scope);
  }

  /** jq 1.7 with its built-in functions. Thread-safe: each evaluation gets a child scope. */
  static final class Engine {
    private final Scope rootScope;

    private Engine(Scope rootScope) {
      this.rootScope = rootScope;
    }

    /**
     * Compiles and runs a program.
     *
     * @param name the template's file name, for messages
     * @param program the jq program
     * @param input the program's input
     * @return every value the program yields
     * @throws ProvisionerException with exit code 2 when the program does not compile or fails
     */
    List<JsonNode> evaluate(String name, String program, JsonNode input) {
      JsonQuery query = compile(name, program);
      List<JsonNode> results = new ArrayList<>();
      try {
        query.apply(Scope.newChildScope(rootScope), input, results::add);
      } catch (JsonQueryException e) {
        throw ProvisionerException.invalidInput(
            name
                + ": jq error: "
                + e.getMessage()
                + " — the template runs over {params, connections, envs, secrets, outputs};"
                + " check the paths it reads (outputs come from request.resources().outputs(...))");
      }
      return results;
    }

    /**
     * Compiles a program.
     *
     * @param name the template's file name, for messages
     * @param program the jq program
     * @return the compiled program
     * @throws ProvisionerException with exit code 2 when the program does not compile
     */
    JsonQuery compile(String name, String program) {
      try {
        return JsonQuery.compile(program, JQ);
      } catch (JsonQueryException e) {
        throw ProvisionerException.invalidInput(
            name + ": not a valid jq program: " + e.getMessage() + " — fix the template");
      }
    }
  }
}

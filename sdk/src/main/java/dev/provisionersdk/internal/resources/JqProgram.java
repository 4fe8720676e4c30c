package dev.provisionersdk.internal.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.ProvisionerException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Everything that touches jackson-jq, an optional dependency: loaded only by {@link Templates}
 * after {@link OptionalLibrary#JACKSON_JQ} was found, so a provisioner without templates never
 * loads (or ships) jq.
 *
 * <p>jackson-jq's jq 1.7 mode, brought closer to jq 1.7.1 as the official images run it ({@code jq
 * -f TEMPLATE}, input on stdin): number literals kept as written and jq's number printing in {@code
 * tostring}/{@code tojson}/{@code tonumber} ({@link JqJson}, {@link JqSource}), {@code $ENV} and
 * {@code env} (the run's environment), {@code $__loc__}, {@code input_filename} ({@code "<stdin>"}:
 * the input is piped), the date builtins ({@link JqDates}), the C math functions ({@link JqMath}),
 * and {@code abs}, {@code isempty}, {@code INDEX}, {@code IN}, {@code debug}, {@code stderr}.
 * docs/resources.md "Templates" lists what still differs; JqDifferentialIT checks it against the
 * real jq 1.7.1.
 */
final class JqProgram {
  private static final Version JQ = Versions.JQ_1_7;
  private static final java.util.regex.Pattern JSON_NUMBER =
      java.util.regex.Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

  /**
   * jq 1.7 definitions jackson-jq lacks, prepended to every program (after {@link JqSource} has
   * counted its lines).
   */
  private static final String PRELUDE =
      "def abs: if type == \"number\" and . < 0 then - . else . end;"
          + " def isempty(g): first((g | false), true);"
          + " def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring]"
          + " |= $row);"
          + " def INDEX(idx_expr): INDEX(.[]; idx_expr);"
          + " def IN(s): any(s == .; .);"
          + " def IN(src; s): any(src == s; .);"
          + " def debug: .; def debug(msg): .; def stderr: .;\n";

  private JqProgram() {}

  /**
   * Creates an engine; the costly part, done once per run.
   *
   * @param environment what {@code $ENV} and {@code env} return
   * @return the engine
   */
  static Engine engine(Map<String, String> environment) {
    Scope scope = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(JQ, scope);
    ObjectNode env = JsonNodeFactory.instance.objectNode();
    environment.forEach(env::put);
    scope.setValue("ENV", env);
    scope.addFunction("env", 0, constant(env));
    // The official images pipe the input into "jq -f TEMPLATE".
    scope.addFunction("input_filename", 0, constant(JsonNodeFactory.instance.textNode("<stdin>")));
    scope.addFunction("tonumber", 0, (s, args, in, path, out, v) -> out.emit(number(in), null));
    scope.addFunction("tostring", 0, (s, args, in, path, out, v) -> out.emit(text(in), null));
    scope.addFunction(
        "tojson",
        0,
        (s, args, in, path, out, v) ->
            out.emit(JsonNodeFactory.instance.textNode(JqJson.write(in)), null));
    scope.addFunction(
        JqSource.LITERAL_FUNCTION,
        1,
        (s, args, in, path, out, v) ->
            args.get(0)
                .apply(
                    s,
                    in,
                    literal -> out.emit(JqNumbers.exact(new BigDecimal(literal.asText())), null)));
    JqDates.register(scope);
    JqMath.register(scope);
    return new Engine(scope);
  }

  /** jq 1.7's tonumber: a string's number keeps its text, like a literal. */
  private static JsonNode number(JsonNode in) throws JsonQueryException {
    if (in.isNumber()) {
      return in;
    }
    if (in.isTextual() && JSON_NUMBER.matcher(in.asText().strip()).matches()) {
      return JqNumbers.exact(new BigDecimal(in.asText().strip()));
    }
    throw new JsonQueryException(
        JqJson.write(in)
            + " ("
            + in.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + ") cannot be parsed as a number");
  }

  private static JsonNode text(JsonNode in) {
    return in.isTextual() ? in : JsonNodeFactory.instance.textNode(JqJson.write(in));
  }

  private static Function constant(JsonNode value) {
    return (scope, args, in, path, out, version) -> out.emit(value, null);
  }

  /**
   * What a program did: the values it yielded, then the error that stopped it, if any.
   *
   * @param values the values, in order
   * @param error jq's message, or empty when the program ran to its end
   */
  record Run(List<JsonNode> values, Optional<String> error) {}

  /**
   * Compiles a program, letting jq's compile error through.
   *
   * @param program the jq program
   * @return the compiled program
   * @throws JsonQueryException when the program does not compile (a {@link RuntimeException} for
   *     some malformed programs)
   */
  static JsonQuery compileQuery(String program) throws JsonQueryException {
    return JsonQuery.compile(PRELUDE + JqSource.rewrite(program), JQ);
  }

  /** The engine. Thread-safe: each evaluation gets a child scope. */
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
      Run run = run(compile(name, program), input);
      if (run.error().isPresent()) {
        throw ProvisionerException.invalidInput(
            name
                + ": jq error: "
                + run.error().get()
                + " — the template runs over {params, connections, dependencies, envs, secrets,"
                + " outputs};"
                + " check the paths it reads (outputs come from request.resources().outputs(...))");
      }
      return run.values();
    }

    /**
     * Runs a compiled program, keeping the values yielded before an error, as jq prints them.
     *
     * @param query the program
     * @param input its input
     * @return what it did
     */
    Run run(JsonQuery query, JsonNode input) {
      List<JsonNode> results = new ArrayList<>();
      try {
        query.apply(Scope.newChildScope(rootScope), input, results::add);
        return new Run(results, Optional.empty());
      } catch (JsonQueryException e) {
        return new Run(results, Optional.of(String.valueOf(e.getMessage())));
      } catch (RuntimeException | StackOverflowError e) {
        return new Run(results, Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }

    /**
     * Compiles and runs a program, describing a failure rather than throwing it.
     *
     * @param program the jq program
     * @param input its input
     * @return what it did; the error starts with {@code jq compile error: } when the program does
     *     not compile, with {@code jq error: } when it failed while running
     */
    Run tryProgram(String program, JsonNode input) {
      JsonQuery query;
      try {
        query = compileQuery(program);
      } catch (JsonQueryException | RuntimeException e) {
        return new Run(List.of(), Optional.of("jq compile error: " + e.getMessage()));
      }
      Run run = run(query, input);
      return run.error().isEmpty()
          ? run
          : new Run(run.values(), Optional.of("jq error: " + run.error().get()));
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
        return compileQuery(program);
      } catch (JsonQueryException | RuntimeException e) {
        throw ProvisionerException.invalidInput(
            name + ": not a valid jq program: " + e.getMessage() + " — fix the template");
      }
    }
  }
}

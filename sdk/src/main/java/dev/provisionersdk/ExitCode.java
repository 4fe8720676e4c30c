package dev.provisionersdk;

/**
 * The exit codes of a provisioner built with this SDK. Massdriver reads only zero versus non-zero;
 * the distinct codes tell a human reading the logs what kind of failure happened.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>Code</th><th>Meaning</th></tr>
 *   <tr><td>0</td><td>the action succeeded</td></tr>
 *   <tr><td>1</td><td>the handler threw an exception; the resources API refused a call or
 *       failed after its retries</td></tr>
 *   <tr><td>2</td><td>bad input or usage: unknown or missing action, malformed or non-object
 *       JSON, a value that does not bind to the requested type, a missing step directory; a
 *       resource payload that fails the bundle's schema, an undeclared resource field, a broken
 *       {@code .jq} template, missing API credentials</td></tr>
 *   <tr><td>124</td><td>the action, a task or a command ran past its timeout</td></tr>
 *   <tr><td>143</td><td>the provisioner was terminated (SIGTERM)</td></tr>
 *   <tr><td>other</td><td>carried by a {@link ProvisionerException}, for example a wrapped
 *       tool's own exit code</td></tr>
 * </table>
 */
public final class ExitCode {
  /** The action succeeded. */
  public static final int OK = 0;

  /** The handler failed: it threw an exception that carries no exit code of its own. */
  public static final int HANDLER_FAILED = 1;

  /** The input or the command line is invalid; nothing was attempted. */
  public static final int INVALID_INPUT = 2;

  /** The action, a task or a command ran past its timeout and was stopped (GNU timeout's code). */
  public static final int TIMEOUT = 124;

  /** The provisioner was stopped by SIGTERM (128 + 15, the shell convention). */
  public static final int TERMINATED = 143;

  private ExitCode() {}
}

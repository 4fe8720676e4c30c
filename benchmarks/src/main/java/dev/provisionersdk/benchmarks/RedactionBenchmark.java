package dev.provisionersdk.benchmarks;

import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Masking throughput on 10 MB of generated, realistic tool output (Terraform-style plan and apply
 * lines, timestamps, ids, JSON log lines, base64 blobs) with 1, 100 and 1,000 registered secrets,
 * some of which occur in the output.
 *
 * <p>The score is in MB/s: each invocation masks {@link #MEGABYTES} MB and declares that many
 * operations, so JMH's "ops/s" reads as MB/s.
 *
 * <ul>
 *   <li>{@code engine}: the SDK's {@link RedactingOutputStream}, fed in 64 KiB writes like a pipe,
 *       with every form of every secret registered (raw, trimmed, JSON, URL, XML, shell, base64).
 *   <li>{@code stringReplaceLoop}: the naive baseline, {@code String.replace} once per secret.
 *   <li>{@code regexAlternation}: Jenkins' approach, one {@code Pattern} alternating the {@code
 *       Pattern.quote}d secrets, longest first.
 * </ul>
 *
 * The baselines mask only the raw value of each secret, so they do less work than the engine. They
 * get fewer, shorter iterations because one invocation of the regex baseline takes close to a
 * minute with 1,000 secrets; an iteration always completes at least one invocation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RedactionBenchmark.MEGABYTES)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RedactionBenchmark {
  /** Size of the generated output, in MB (10^6 bytes). */
  static final int MEGABYTES = 10;

  private static final int CHUNK = 64 * 1024;

  /** How many secrets are registered. */
  @Param({"1", "100", "1000"})
  public int secrets;

  /**
   * A short secret registered besides the generated ones, which also appears in the output, or
   * {@code none}: e.g. {@code -p shortSecret=5432} (a port-like number). A form shorter than 8
   * bytes turns the scan's jumps off (docs/redaction.md "Matching").
   */
  @Param({"none"})
  public String shortSecret;

  /**
   * What the output looks like: {@code terraform} (ordinary tool output, above), {@code kubectl}
   * ({@code kubectl get secret -o yaml} of 100 secrets, repeated: TLS pairs, registry pull secrets,
   * passwords, all base64) or {@code pem} (a bundle of certificates, base64 wrapped at 64 columns).
   */
  @Param({"terraform"})
  public String log;

  private byte[] outputBytes;
  private String outputText;
  private List<String> secretValues;
  private Redactor redactor;
  private Pattern alternation;

  /** Generates the secrets and the output, and builds each masker once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Random random = new Random(42);
    secretValues = new ArrayList<>();
    for (int i = 0; i < secrets; i++) {
      secretValues.add(secret(random));
    }
    if (!shortSecret.equals("none")) {
      secretValues.add(shortSecret);
    }
    outputText =
        switch (log) {
          case "terraform" -> toolOutput(random, secretValues, MEGABYTES * 1_000_000);
          case "kubectl" -> kubectlSecrets(random, secretValues, MEGABYTES * 1_000_000);
          case "pem" -> pemBundle(random, MEGABYTES * 1_000_000);
          default -> throw new IllegalArgumentException("log: terraform, kubectl or pem");
        };
    outputBytes = outputText.getBytes(StandardCharsets.UTF_8);
    redactor = new Redactor();
    secretValues.forEach(redactor::register);
    redactor.redact("warm the automaton up"); // builds it outside the measurement
    alternation =
        Pattern.compile(
            secretValues.stream()
                .sorted((a, b) -> b.length() - a.length())
                .map(Pattern::quote)
                .collect(Collectors.joining("|")));
  }

  /**
   * The SDK's masking stream.
   *
   * @param blackhole sink for the masked byte count
   * @throws IOException never: the target is in memory
   */
  @Benchmark
  public void engine(Blackhole blackhole) throws IOException {
    CountingStream target = new CountingStream();
    RedactingOutputStream stream = new RedactingOutputStream(target, redactor);
    for (int offset = 0; offset < outputBytes.length; offset += CHUNK) {
      stream.write(outputBytes, offset, Math.min(CHUNK, outputBytes.length - offset));
    }
    stream.release();
    blackhole.consume(target.count);
  }

  /**
   * Baseline: one {@code String.replace} pass per secret.
   *
   * @return the masked text
   */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public String stringReplaceLoop() {
    String masked = outputText;
    for (String secret : secretValues) {
      masked = masked.replace(secret, Redactor.REPLACEMENT);
    }
    return masked;
  }

  /**
   * Baseline: one regex alternation of quoted secrets.
   *
   * @return the masked text
   */
  @Benchmark
  @Warmup(iterations = 1, time = 1)
  @Measurement(iterations = 2, time = 1)
  public String regexAlternation() {
    Matcher matcher = alternation.matcher(outputText);
    return matcher.replaceAll(Redactor.REPLACEMENT);
  }

  private static String secret(Random random) {
    String alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    String symbols = alphanumeric + "!#%&*+-=?@^_~";
    switch (random.nextInt(3)) {
      case 0:
        return "sk_live_" + randomString(random, alphanumeric, 24);
      case 1:
        return "ghp_" + randomString(random, alphanumeric, 36);
      default:
        return randomString(random, symbols, 16 + random.nextInt(16));
    }
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return value.toString();
  }

  /** Terraform-like output with a secret on about one line in 500. */
  static String toolOutput(Random random, List<String> secrets, int size) {
    String[] resources = {
      "aws_db_instance.main",
      "aws_iam_role.this",
      "aws_s3_bucket.logs",
      "module.vpc.aws_subnet.private[2]",
      "kubernetes_deployment.api",
      "helm_release.ingress_nginx"
    };
    StringBuilder out = new StringBuilder(size + 1024);
    int line = 0;
    while (out.length() < size) {
      String resource = resources[random.nextInt(resources.length)];
      String id = "ecomm-prod-api-" + Integer.toHexString(random.nextInt());
      switch (line++ % 8) {
        case 0 ->
            out.append(resource).append(": Refreshing state... [id=").append(id).append("]\n");
        case 1 -> out.append("  # ").append(resource).append(" will be updated in-place\n");
        case 2 ->
            out.append("      ~ tags = {\n          + \"md-environment\" = \"prod\"\n        }\n");
        case 3 ->
            out.append("2026-11-20T08:00:0")
                .append(random.nextInt(10))
                .append(".123Z [INFO]  provider: plugin process exited:")
                .append(" path=.terraform/providers/registry.terraform.io/hashicorp/aws/5.80.0/")
                .append("linux_amd64/terraform-provider-aws_v5.80.0_x5 pid=")
                .append(random.nextInt(99999))
                .append('\n');
        case 4 ->
            out.append("{\"@level\":\"info\",\"@message\":\"")
                .append(resource)
                .append(": Creation complete after ")
                .append(random.nextInt(60))
                .append("s [id=")
                .append(id)
                .append("]\",\"@module\":\"terraform.ui\",\"type\":\"apply_complete\"}\n");
        case 5 -> {
          byte[] blob = new byte[48];
          random.nextBytes(blob);
          out.append("  certificate_authority_data = \"")
              .append(Base64.getEncoder().encodeToString(blob))
              .append("\"\n");
        }
        case 6 ->
            out.append("Apply progress: ")
                .append(random.nextInt(100))
                .append("% complete, ")
                .append(random.nextInt(40))
                .append(" resources remaining\r");
        default -> {
          out.append("  + arn = \"arn:aws:iam::123456789012:role/").append(id).append("\"\n");
          if (random.nextInt(60) == 0) {
            out.append("    password = \"")
                .append(secrets.get(random.nextInt(secrets.size())))
                .append("\"\n");
          }
        }
      }
    }
    out.setLength(size);
    return out.toString();
  }

  /**
   * {@code kubectl get secret -o yaml} of 100 secrets (a TLS pair, a registry pull secret and a
   * password each, the password one of the registered secrets on one secret in ten), repeated up to
   * {@code size} characters.
   */
  static String kubectlSecrets(Random random, List<String> secrets, int size) {
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder list = new StringBuilder("apiVersion: v1\nitems:\n");
    for (int i = 0; i < 100; i++) {
      String password =
          i % 10 == 0
              ? secrets.get(random.nextInt(secrets.size()))
              : randomString(random, "abcdef0123456789", 24);
      String auth = base64.encodeToString(("robot:" + password).getBytes(StandardCharsets.UTF_8));
      String dockerConfig =
          "{\"auths\":{\"registry.example.com\":{\"username\":\"robot\",\"auth\":\""
              + auth
              + "\"}}}";
      list.append("- apiVersion: v1\n  data:\n")
          .append("    .dockerconfigjson: ")
          .append(base64.encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8)))
          .append("\n    password: ")
          .append(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)))
          .append("\n    tls.crt: ")
          .append(
              base64.encodeToString(
                  pem(random, "CERTIFICATE", 900).getBytes(StandardCharsets.UTF_8)))
          .append("\n    tls.key: ")
          .append(
              base64.encodeToString(
                  pem(random, "PRIVATE KEY", 1200).getBytes(StandardCharsets.UTF_8)))
          .append("\n  kind: Secret\n  metadata:\n    name: app-")
          .append(i)
          .append("\n    namespace: prod\n    resourceVersion: \"")
          .append(random.nextInt(1_000_000))
          .append("\"\n  type: Opaque\n");
    }
    list.append("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    StringBuilder out = new StringBuilder(size + list.length());
    while (out.length() < size) {
      out.append(list);
    }
    out.setLength(size);
    return out.toString();
  }

  /** Certificates of random bytes, wrapped at 64 columns as PEM, up to {@code size} characters. */
  static String pemBundle(Random random, int size) {
    StringBuilder out = new StringBuilder(size + 4096);
    while (out.length() < size) {
      out.append(pem(random, "CERTIFICATE", 800 + random.nextInt(1200)));
    }
    out.setLength(size);
    return out.toString();
  }

  private static String pem(Random random, String type, int derLength) {
    byte[] der = new byte[derLength];
    random.nextBytes(der);
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Counts bytes and drops them. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }
}

package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One named case per masking rule of issue 3 (and docs/redaction.md). Every case runs on the whole
 * input, at every two-chunk split, byte by byte, and masked twice.
 */
class RedactionConformanceTest {

  /** A rule: these secrets registered, this output written, this output expected. */
  record Case(String rule, List<String> secrets, String input, String expected) {
    @Override
    public String toString() {
      return rule;
    }
  }

  private static Case rule(String rule, String secret, String input, String expected) {
    return new Case(rule, List.of(secret), input, expected);
  }

  private static final String PEM_LIKE = "first-line-aaaa\nsecond-line-bbbb\n";
  private static final String BASE64_SECRET = "hunter2>>?~db-pass";
  private static final String WRAPPED_SECRET = "wrapped-secret-value-0123456789";

  static Stream<Case> cases() {
    return Stream.of(
        // What is a secret
        rule("raw value", "s3cr3t-pw", "pw=s3cr3t-pw.", "pw=***."),
        rule("every occurrence", "s3cr3t-pw", "s3cr3t-pw s3cr3t-pw", "*** ***"),
        rule("trimmed value", "  tr1mmed-secret\n", "v=tr1mmed-secret;", "v=***;"),
        rule("multi-line value whole, LF", PEM_LIKE, "[" + PEM_LIKE + "]", "[***]"),
        rule(
            "multi-line value whole, CRLF",
            PEM_LIKE,
            "[first-line-aaaa\r\nsecond-line-bbbb\r\n]",
            "[***]"),
        rule("multi-line value trimmed", PEM_LIKE, "[" + PEM_LIKE.strip() + "]", "[***]"),
        rule("each non-empty line alone", PEM_LIKE, "got second-line-bbbb only", "got *** only"),
        rule(
            "each line trimmed",
            " indented-line-1\n  indented-line-2 ",
            "=indented-line-2=",
            "=***="),
        rule(
            "lines shorter than the minimum stay",
            "abc\nlong-line-here",
            "abc long-line-here",
            "abc ***"),
        rule("value shorter than the minimum stays", "abc", "abc abc", "abc abc"),
        rule("four code points are enough", "äöüß", "x äöüß x", "x *** x"),
        rule("multi-byte UTF-8", "pässwört", "→pässwört←", "→***←"),
        // Base64, standard alphabet, with more data after the secret: the decoding stage masks the
        // whole run that decodes to the secret
        rule("base64 at byte offset 0", BASE64_SECRET, "aHVudGVyMj4+P35kYi1wYXNzJm1vcmU=", "***"),
        rule("base64 at byte offset 1", BASE64_SECRET, "eGh1bnRlcjI+Pj9+ZGItcGFzcyZtb3Jl", "***"),
        rule(
            "base64 at byte offset 2",
            BASE64_SECRET,
            "eHhodW50ZXIyPj4/fmRiLXBhc3MmbW9yZQ==",
            "***"),
        rule(
            "base64 URL-safe alphabet",
            BASE64_SECRET,
            "eHhodW50ZXIyPj4_fmRiLXBhc3MmbW9yZQ==",
            "***"),
        rule(
            "base64 padded, secret at the end",
            BASE64_SECRET,
            "dG9rZW46IGh1bnRlcjI+Pj9+ZGItcGFzcw==",
            "***"),
        rule(
            "base64 unpadded, secret at the end",
            BASE64_SECRET,
            "dG9rZW46IGh1bnRlcjI+Pj9+ZGItcGFzcw",
            "***"),
        rule(
            "base64 of a multi-line value inside a blob",
            PEM_LIKE,
            "a2V5OiBmaXJzdC1saW5lLWFhYWEKc2Vjb25kLWxpbmUtYmJiYgp0YWls",
            "***"),
        // Base64 wrapped across lines (PEM, MIME, base64 without -w0), here at 16 columns: lines
        // this short are joined by the wrapped-base64 stage (the decoding stage joins 40 and more)
        rule(
            "base64 wrapped, secret at byte offset 0",
            WRAPPED_SECRET,
            "d3JhcHBlZC1zZWNy\nZXQtdmFsdWUtMDEy\nMzQ1Njc4OQ==\n",
            "***\n***\n***Q==\n"),
        rule(
            "base64 wrapped, secret inside the blob",
            WRAPPED_SECRET,
            "a2V5OiB3cmFwcGVk\nLXNlY3JldC12YWx1\nZS0wMTIzNDU2Nzg5\nIGVuZA==\n",
            "a2V5OiB***\n***\n***\nIGVuZA==\n"),
        rule(
            "base64 wrapped with CRLF (MIME)",
            WRAPPED_SECRET,
            "a2V5OiB3cmFwcGVk\r\nLXNlY3JldC12YWx1\r\nZS0wMTIzNDU2Nzg5\r\nIGVuZA==\r\n",
            "a2V5OiB***\r\n***\r\n***\r\nIGVuZA==\r\n"),
        rule(
            "base64 wrapped and indented (a YAML block)",
            WRAPPED_SECRET,
            "k: |\n  a2V5OiB3cmFwcGVk\n  LXNlY3JldC12YWx1\n  ZS0wMTIzNDU2Nzg5\n  IGVuZA==\n",
            "k: |\n  a2V5OiB***\n  ***\n  ***\n  IGVuZA==\n"),
        rule(
            "lines that are not wrapped base64 are not joined",
            WRAPPED_SECRET,
            "a2V5OiB3cmFwcGVk LXNlY3JldC12YWx1\nZS0wMTIzNDU2Nzg5",
            "a2V5OiB3cmFwcGVk LXNlY3JldC12YWx1\nZS0wMTIzNDU2Nzg5"),
        // JSON
        rule(
            "JSON escapes, Jackson style",
            "pa\"ss\\word-1",
            "{\"p\":\"pa\\\"ss\\\\word-1\"}",
            "{\"p\":\"***\"}"),
        rule(
            "JSON escapes of a multi-line value",
            PEM_LIKE,
            "{\"k\":\"first-line-aaaa\\nsecond-line-bbbb\\n\"}",
            "{\"k\":\"***\"}"),
        rule(
            "JSON escapes, HTML-safe style",
            "a<b>c&d=e'f",
            "{\"k\":\"a\\u003cb\\u003ec\\u0026d\\u003de\\u0027f\"}",
            "{\"k\":\"***\"}"),
        rule(
            "JSON with non-ASCII as lower-case \\u escapes (Python json.dumps)",
            "pässwört-ü",
            "{\"p\": \"p\\u00e4ssw\\u00f6rt-\\u00fc\"}",
            "{\"p\": \"***\"}"),
        rule(
            "JSON with non-ASCII as upper-case \\u escapes (Jackson ESCAPE_NON_ASCII)",
            "pässwört-ü",
            "{\"p\":\"p\\u00E4ssw\\u00F6rt-\\u00FC\"}",
            "{\"p\":\"***\"}"),
        rule(
            "JSON with a character outside the BMP as a surrogate pair",
            "key-\uD83D\uDD11-abc",
            "\"key-\\ud83d\\udd11-abc\"",
            "\"***\""),
        rule(
            "JSON with control characters in Python's lower-case hex",
            "esc\u001b[0m-secret",
            "\"esc\\u001b[0m-secret\"",
            "\"***\""),
        // URL encoding
        rule("URL encoding with %20", "pass word&x=1", "?q=pass%20word%26x%3D1&y", "?q=***&y"),
        rule("URL encoding with +", "pass word&x=1", "?q=pass+word%26x%3D1&y", "?q=***&y"),
        rule(
            "URL encoding, lower-case hex",
            "pass word&x=1",
            "?q=pass%20word%26x%3d1&y",
            "?q=***&y"),
        // XML / HTML
        rule("XML entities", "a<b&\"c'd", "<v>a&lt;b&amp;&quot;c&apos;d</v>", "<v>***</v>"),
        rule(
            "HTML numeric entities",
            "a<b&\"c'd",
            "<p title=\"a&lt;b&amp;&#34;c&#39;d\">",
            "<p title=\"***\">"),
        rule("HTML entities, &#x27;", "a<b&\"c'd", "a&lt;b&amp;&quot;c&#x27;d", "***"),
        // Shell quoting
        rule("shell single quotes", "it's-secret", "echo 'it'\\''s-secret'", "echo '***'"),
        rule(
            "shell single quotes, shlex.quote style",
            "it's-secret",
            "echo 'it'\"'\"'s-secret'",
            "echo '***'"),
        rule(
            "shell double quotes", "pa$s\"w\\d`x", "echo \"pa\\$s\\\"w\\\\d\\`x\"", "echo \"***\""),
        // Matching
        new Case(
            "overlapping secrets mask their union",
            List.of("abcdef12", "ef12ghij"),
            "xabcdef12ghijx",
            "x***x"),
        new Case(
            "nested secret inside a longer one",
            List.of("abcdefgh", "cdef"),
            "xabcdefghx",
            "x***x"),
        new Case(
            "shorter secret when the longer is absent",
            List.of("abcdefgh", "cdef"),
            "abcdefg",
            "ab***g"),
        new Case(
            "chain of overlaps reaching back over a finished match",
            List.of("abcd", "efgh", "bcdefg"),
            "-abcdefgh-",
            "-***-"),
        rule(
            "self-overlapping secret after a false start",
            "abcabcabd",
            "xxabcabcabcabdxx",
            "xxabc***xx"),
        rule(
            "near misses stay",
            "s3cr3t-pw",
            "s3cr3t-pX s3cr3t- 3cr3t-pw",
            "s3cr3t-pX s3cr3t- 3cr3t-pw"),
        rule("registering twice is harmless", "s3cr3t-pw", "s3cr3t-pw", "***"),
        new Case(
            "registering twice, literally",
            List.of("dup-secret", "dup-secret"),
            "a dup-secret",
            "a ***"));
  }

  private static Redactor redactor(Case c) {
    Redactor redactor = new Redactor();
    c.secrets().forEach(redactor::register);
    return redactor;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void whole(Case c) throws IOException {
    assertThat(mask(redactor(c), c.input())).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyTwoChunkSplit(Case c) throws IOException {
    byte[] bytes = c.input().getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      ByteArrayOutputStream target = new ByteArrayOutputStream();
      try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor(c))) {
        stream.write(bytes, 0, split);
        stream.flush();
        stream.write(bytes, split, bytes.length - split);
      }
      assertThat(target.toString(StandardCharsets.UTF_8))
          .as("split at byte %d", split)
          .isEqualTo(c.expected());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void byteByByte(Case c) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor(c))) {
      for (byte b : c.input().getBytes(StandardCharsets.UTF_8)) {
        stream.write(b);
        stream.flush();
      }
    }
    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void idempotent(Case c) throws IOException {
    assertThat(mask(redactor(c), c.expected())).isEqualTo(c.expected());
  }

  static String mask(Redactor redactor, String text) throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (RedactingOutputStream stream = new RedactingOutputStream(target, redactor)) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return target.toString(StandardCharsets.UTF_8);
  }
}

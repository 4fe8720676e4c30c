package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The forms of one value, case by case: which plain variants a value has, how non-ASCII JSON is
 * escaped, which base64 fragments are kept. (What the stream does with the forms is the other
 * redaction tests' subject.)
 */
class SecretFormsTest {
  @Test
  void aValueBelowTheMinimumLengthHasNoForms() {
    SecretForms.Forms forms = SecretForms.of("abc");

    assertThat(forms.all()).isEmpty();
    assertThat(forms.base64()).isEmpty();
  }

  @Test
  void aPaddedValueKeepsItsRawFormBesideTheTrimmedOne() {
    assertThat(SecretForms.plainVariants(" padded secret "))
        .containsExactly(" padded secret ", "padded secret");
  }

  @Test
  void aMultiLineValueHasItsLineEndingVariantsAndEachLine() {
    assertThat(SecretForms.plainVariants("first\nsecond\n"))
        .containsExactly(
            "first\nsecond\n",
            "first\nsecond",
            "first\r\nsecond\r\n",
            "first\r\nsecond",
            "first",
            "second");
  }

  @Test
  void aLineBreakAtTheVeryStartCountsToo() {
    assertThat(SecretForms.plainVariants("\nleading")).contains("\r\nleading");
    assertThat(SecretForms.plainVariants("\rleading")).contains("\nleading", "\r\nleading");
  }

  @Test
  void aValueWithoutAnyAsciiCharacterGetsItsEscapedJsonForms() {
    assertThat(SecretForms.of("пароль").all())
        .contains(
            "\\u043f\\u0430\\u0440\\u043e\\u043b\\u044c",
            "\\u043F\\u0430\\u0440\\u043E\\u043B\\u044C");
  }

  @Test
  void nonAsciiEscapingLeavesTheTildeAndSetsTheCaseOfEveryHexEscape() {
    String json = "ä~\\u001b\\n";

    assertThat(SecretForms.nonAsciiEscaped(json, false)).isEqualTo("\\u00e4~\\u001b\\n");
    assertThat(SecretForms.nonAsciiEscaped(json, true)).isEqualTo("\\u00E4~\\u001B\\n");
  }

  @Test
  void base64FragmentsShorterThanTheMinimumLengthAreDropped() {
    // "abc" at offset 0 is "YWJj"; at offsets 1 and 2 only 3 characters depend on it alone.
    assertThat(SecretForms.base64Fragments("abc".getBytes(StandardCharsets.UTF_8)))
        .containsExactly("YWJj");
  }
}

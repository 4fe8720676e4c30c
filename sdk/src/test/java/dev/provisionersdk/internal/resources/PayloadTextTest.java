package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadTextTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode payload() throws IOException {
    return MAPPER.readTree(
        "{\"data\":{\"authentication\":{\"username\":\"app-user\",\"password\":\"pw-7f3a9c\","
            + "\"token_ttl\":3600},\"keys\":[{\"private_key\":{\"pem\":\"-----BEGIN KEY-----\"}}]},"
            + "\"specs\":{\"hostname\":\"db.internal\"}}");
  }

  @ParameterizedTest(name = "{0} is sensitive: {1}")
  @CsvSource({
    "password, true",
    "DB_PASSWORD, true",
    "client_secret, true",
    "privateKey, true",
    "private_key, true",
    "api_key, true",
    "access_key_id, true",
    "hostname, false",
    "username, false",
    "port, false"
  })
  void credentialKeysAreRecognised(String key, boolean sensitive) {
    assertThat(PayloadText.isSensitiveKey(key)).isEqualTo(sensitive);
  }

  @Test
  void maskedCopyHidesEveryValueUnderACredentialKeyAndKeepsTheRest() throws IOException {
    JsonNode original = payload();

    JsonNode masked = PayloadText.masked(original);

    assertThat(masked.at("/data/authentication/password").asText()).isEqualTo("***");
    assertThat(masked.at("/data/authentication/token_ttl").asText()).isEqualTo("***");
    assertThat(masked.at("/data/keys/0/private_key").asText()).isEqualTo("***");
    assertThat(masked.at("/data/authentication/username").asText()).isEqualTo("app-user");
    assertThat(original.at("/data/authentication/password").asText())
        .as("the original is untouched")
        .isEqualTo("pw-7f3a9c");
  }

  @Test
  void onlyStringsUnderCredentialKeysAreRegistered() throws IOException {
    Redactor redactor = new Redactor();

    PayloadText.registerSensitive(payload(), redactor);

    assertThat(redactor.redact("pw-7f3a9c -----BEGIN KEY----- 3600 app-user"))
        .isEqualTo("*** *** 3600 app-user");
  }

  @Test
  void scrubRemovesEveryPayloadStringFromAText() throws IOException {
    assertThat(PayloadText.scrub("got app-user/pw-7f3a9c at db.internal:5432", payload()))
        .isEqualTo("got ***/*** at ***:5432");
  }
}

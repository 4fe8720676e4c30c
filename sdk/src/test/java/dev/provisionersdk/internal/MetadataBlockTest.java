package dev.provisionersdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisionersdk.Metadata;
import org.junit.jupiter.api.Test;

class MetadataBlockTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void readsTheDocumentedFields() throws Exception {
    Metadata metadata =
        MetadataBlock.fromParams(
            mapper.readTree(
                "{\"md_metadata\":{\"name_prefix\":\"ecomm-prod-api-abc1\","
                    + "\"default_tags\":{\"managed-by\":\"massdriver\",\"md-environment\":\"prod\"},"
                    + "\"deployment\":{\"id\":\"dep-9\"},"
                    + "\"observability\":{\"alarm_webhook_url\":\"https://hook\"},"
                    + "\"target\":{\"contact_email\":\"ops@example.com\"}}}"));

    assertThat(metadata.namePrefix()).contains("ecomm-prod-api-abc1");
    assertThat(metadata.defaultTags())
        .containsExactly(
            java.util.Map.entry("managed-by", "massdriver"),
            java.util.Map.entry("md-environment", "prod"));
    assertThat(metadata.environment()).contains("prod");
    assertThat(metadata.deploymentId()).contains("dep-9");
    assertThat(metadata.alarmWebhookUrl()).contains("https://hook");
    assertThat(metadata.contactEmail()).contains("ops@example.com");
  }

  @Test
  void emptyAndPartialBlocksGiveEmptyValues() throws Exception {
    Metadata none = MetadataBlock.fromParams(mapper.readTree("{\"md_metadata\":[]}"));
    assertThat(none.namePrefix()).isEmpty();
    assertThat(none.defaultTags()).isEmpty();
    assertThat(none.tree().isMissingNode()).isTrue();
    Metadata partial =
        MetadataBlock.fromParams(
            mapper.readTree("{\"md_metadata\":{\"default_tags\":[],\"name_prefix\":null}}"));
    assertThat(partial.namePrefix()).isEmpty();
    assertThat(partial.defaultTags()).isEmpty();
    assertThat(partial.deploymentId()).isEmpty();
  }
}

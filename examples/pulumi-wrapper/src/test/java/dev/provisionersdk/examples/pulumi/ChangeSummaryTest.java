package dev.provisionersdk.examples.pulumi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The change set of a preview digest and of an update's event log (fixtures in pulumi-json/). */
class ChangeSummaryTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path FIXTURES = Path.of("src/test/resources/pulumi-json");

  @Test
  void previewDigestGivesTotalsCountsPerTypeAndNamesReplacementsAndDeletes() throws IOException {
    JsonNode digest = MAPPER.readTree(FIXTURES.resolve("preview-changes.json").toFile());

    List<String> lines = ChangeSummary.ofPreview(digest).lines("plan for stack dev");

    assertThat(lines)
        .containsExactly(
            "plan for stack dev: 1 to create, 1 to update, 1 to replace, 1 to delete, 2 unchanged",
            "  aws:s3/bucketV2:BucketV2: 1 to update",
            "  aws:rds/instance:Instance: 1 to replace",
            "  aws:s3/bucketPolicy:BucketPolicy: 1 to create",
            "  aws:iam/role:Role: 1 to delete",
            "  to replace: aws:rds/instance:Instance 'orders-db' (because of engineVersion)",
            "  to delete: aws:iam/role:Role 'legacy-uploader'");
    // Property values never appear, only names.
    assertThat(String.join("\n", lines)).doesNotContain("16.4", "15.8", "db.t3.medium", "[secret]");
  }

  @Test
  void eventLogReportsTheUpdateNotItsPreviewAndCountsAReplacementOnce() throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURES.resolve("up-events.jsonl"))) {
      events.add(MAPPER.readTree(line));
    }

    List<String> lines = ChangeSummary.ofEventLog(events).lines("update of stack dev");

    assertThat(lines)
        .containsExactly(
            "update of stack dev: 1 created, 1 updated, 1 replaced, 1 deleted, 2 unchanged",
            "  aws:s3/bucketV2:BucketV2: 1 updated",
            "  aws:rds/instance:Instance: 1 replaced",
            "  aws:s3/bucketPolicy:BucketPolicy: 1 created",
            "  aws:iam/role:Role: 1 deleted",
            "  replaced: aws:rds/instance:Instance 'orders-db' (because of engineVersion)",
            "  deleted: aws:iam/role:Role 'legacy-uploader'");
  }

  @Test
  void anInterruptedUpdateSaysSoAndNamesTheStepThatFailed() throws IOException {
    List<JsonNode> events =
        List.of(
            MAPPER.readTree(
                "{\"sequence\":0,\"timestamp\":1,\"resOpFailedEvent\":{\"metadata\":{\"op\":\"create\","
                    + "\"urn\":\"urn:pulumi:dev::p::aws:s3/bucketV2:BucketV2::assets\","
                    + "\"type\":\"aws:s3/bucketV2:BucketV2\",\"provider\":\"\"},\"status\":1,"
                    + "\"steps\":0}}"));

    ChangeSummary summary = ChangeSummary.ofEventLog(events);

    assertThat(summary.hasTotals()).isFalse();
    assertThat(summary.lines("update of stack dev"))
        .containsExactly(
            "update of stack dev: no summary from the engine (the operation did not finish)",
            "  failed to create: aws:s3/bucketV2:BucketV2 'assets'");
  }

  @Test
  void noChangesIsSaidPlainly() throws IOException {
    JsonNode digest =
        MAPPER.readTree(
            "{\"steps\":[{\"op\":\"same\",\"urn\":\"urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev\"}],"
                + "\"changeSummary\":{\"same\":3}}");

    assertThat(ChangeSummary.ofPreview(digest).lines("plan for stack dev"))
        .containsExactly("plan for stack dev: no changes (3 unchanged)");
  }
}

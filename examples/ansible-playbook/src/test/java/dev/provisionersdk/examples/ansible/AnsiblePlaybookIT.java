package dev.provisionersdk.examples.ansible;

import static dev.provisionersdk.examples.ansible.AnsibleFixture.MAPPER;
import static dev.provisionersdk.examples.ansible.AnsibleFixture.run;
import static dev.provisionersdk.examples.ansible.AnsibleFixture.sample;
import static dev.provisionersdk.examples.ansible.AnsibleFixture.withPlaybook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.provisionersdk.Action;
import dev.provisionersdk.testing.FakeMassdriverApi;
import dev.provisionersdk.testing.RunResult;
import dev.provisionersdk.testing.RunResultAssert;
import dev.provisionersdk.testing.TestInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample bundle's playbook run by the real {@code ansible-playbook} on localhost, through the
 * provisioner's local runner: plan, provision, a second provision, decommission, the inputs as the
 * playbook sees them, and the resource published from the playbook's {@code set_stats}.
 */
class AnsiblePlaybookIT {
  @TempDir Path sandbox;

  @BeforeAll
  static void ansible() throws Exception {
    AnsibleFixture.ensureAnsible();
  }

  @Test
  void planShowsWhatWouldChangeAndChangesNothing() throws Exception {
    RunResult plan = run(Action.PLAN, sample(sandbox));

    RunResultAssert.assertThat(plan)
        .succeeded()
        .stderrContains("--check --diff")
        .stdoutContains(
            "+++ after",
            "+<h1>Ecomm landing page</h1>",
            "changed: [localhost]",
            "Ansible check: 3 task(s) would change something on 1 host(s); nothing was changed",
            "  localhost: ok=4 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0")
        .leaksNoSecrets();
    assertThat(sandbox).isEmptyDirectory();
  }

  @Test
  void provisionAppliesAndASecondProvisionChangesNothing() throws Exception {
    RunResult first = run(Action.PROVISION, sample(sandbox));

    RunResultAssert.assertThat(first)
        .succeeded()
        .stdoutContains("Ansible recap: 3 task(s) changed something on 1 host(s)")
        .leaksNoSecrets();
    Path site = sandbox.resolve("site");
    assertThat(site.resolve("index.html"))
        .content()
        .contains("<h1>Ecomm landing page</h1>", "2 replica(s) in us-west-2");
    assertThat(site.resolve("backend.env"))
        .hasContent("DATABASE_PASSWORD=" + AnsibleFixture.DB_PASSWORD);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(site.resolve("backend.env"))))
        .isEqualTo("rw-------");

    RunResult second = run(Action.PROVISION, sample(sandbox));

    RunResultAssert.assertThat(second)
        .succeeded()
        .stdoutContains(
            "Ansible recap: 0 task(s) changed something on 1 host(s)",
            "  localhost: ok=4 changed=0 unreachable=0 failed=0");
  }

  @Test
  void decommissionRemovesTheSiteAndSucceedsWhenItIsAlreadyGone() throws Exception {
    RunResultAssert.assertThat(run(Action.PROVISION, sample(sandbox))).succeeded();

    RunResult decommission = run(Action.DECOMMISSION, sample(sandbox));

    RunResultAssert.assertThat(decommission)
        .succeeded()
        .stdoutContains("  localhost: ok=1 changed=1 unreachable=0 failed=0 skipped=3");
    assertThat(sandbox).isEmptyDirectory();

    RunResult again = run(Action.DECOMMISSION, sample(sandbox));

    RunResultAssert.assertThat(again)
        .succeeded()
        .stdoutContains("  localhost: ok=1 changed=0 unreachable=0 failed=0 skipped=3");
  }

  @Test
  void planWithoutCheckModeOnlyListsTheHostsAndTasks() throws Exception {
    RunResult plan =
        run(
            Action.PLAN,
            sample(sandbox)
                .config("{\"check_on_plan\": false, \"extra_args\": [\"--tags\", \"all\"]}"));

    RunResultAssert.assertThat(plan)
        .succeeded()
        .stderrContains("--list-hosts --list-tasks --tags all")
        .stdoutContains("Site directory", "localhost", "check_on_plan: false");
    assertThat(sandbox).isEmptyDirectory();
  }

  @Test
  void inputsReachThePlaybookVerbatimAndAreNeverEvaluated() throws Exception {
    Path dump = sandbox.resolve("dump.json");
    ObjectNode params =
        (ObjectNode) MAPPER.readTree(AnsibleFixture.SAMPLE.resolve("params.json").toFile());
    params.put("dump_to", dump.toString());
    params.put("template", "{{ 7 * 6 }} {% if true %}x{% endif %} {{ lookup('pipe', 'id') }}");
    params.put(
        "tricky",
        "quote \" backslash \\ newline \n tab \t del \u007f nel \u0085 ls \u2028 bom \ufeff é 😀 !unsafe");
    params.putArray("list").add(1).add(2.5).add(true).addNull().add("{{ x }}");
    params.put("big", 1.0e22);
    ObjectNode secrets =
        (ObjectNode) MAPPER.readTree(AnsibleFixture.SAMPLE.resolve("secrets.json").toFile());
    secrets.put("weird", "p@ss'\"{{ lookup('env', 'HOME') }}\\");
    secrets.putObject("json_secret").put("user", "admin").put("password", "nested-Secret-81c2");

    RunResult run =
        run(
            Action.PROVISION,
            withPlaybook(sample(sandbox), "dump.yml", "{\"playbook\": \"dump.yml\"}")
                .params(MAPPER.writeValueAsString(params))
                .secrets(MAPPER.writeValueAsString(secrets)));

    RunResultAssert.assertThat(run).succeeded().leaksNoSecrets();
    JsonNode seen = MAPPER.readTree(dump.toFile());
    assertThat(seen.get("params")).isEqualTo(params);
    assertThat(seen.get("secrets")).isEqualTo(secrets);
    assertThat(seen.get("connections"))
        .isEqualTo(MAPPER.readTree(AnsibleFixture.SAMPLE.resolve("connections.json").toFile()));
    assertThat(seen.get("envs"))
        .isEqualTo(MAPPER.readTree(AnsibleFixture.SAMPLE.resolve("envs.json").toFile()));
    assertThat(seen.get("md_metadata")).isEqualTo(params.get("md_metadata"));
    assertThat(seen.get("massdriver_action").asText()).isEqualTo("provision");
    assertThat(seen.get("massdriver_state").asText()).isEqualTo("present");
    assertThat(seen.get("massdriver_step").asText()).isEqualTo("test");
    assertThat(seen.get("massdriver_step_directory").asText()).endsWith("/bundle/test");
  }

  @Test
  void configuredHostsReplaceLocalhost() throws Exception {
    RunResult run =
        run(
            Action.PROVISION,
            sample(sandbox)
                .config(
                    "{\"hosts\": [{\"name\": \"app-1\", \"ansible_connection\": \"local\","
                        + " \"ansible_python_interpreter\": \"auto_silent\"}]}"));

    RunResultAssert.assertThat(run)
        .succeeded()
        .stdoutContains("  app-1: ok=4 changed=3 unreachable=0 failed=0");
    assertThat(run.stdout()).doesNotContain("localhost");
    assertThat(sandbox.resolve("site/index.html")).exists();
  }

  @Test
  void aPlaybookThatMatchesNoHostSucceedsAsInAnsibleWithAWarning() throws Exception {
    RunResult run =
        run(
            Action.PROVISION,
            withPlaybook(sample(sandbox), "nohosts.yml", "{\"playbook\": \"nohosts.yml\"}"));

    RunResultAssert.assertThat(run)
        .succeeded()
        .stdoutContains("Ansible recap: 0 task(s) changed something on 0 host(s)")
        .stderrContains("the playbook ran on no host");
  }

  @Test
  void outputsFromSetStatsArePublishedThroughTheTemplateToTheApi() throws Exception {
    try (FakeMassdriverApi api = FakeMassdriverApi.start()) {
      String token = "md-token-ansible-it-3f9a";
      TestInputs inputs =
          sample(sandbox)
              .env("MASSDRIVER_URL", api.url())
              .env("MASSDRIVER_DEPLOYMENT_ID", "dep-ansible")
              .env("MASSDRIVER_INSTANCE_ID", "ecomm-prod-web")
              .env("MASSDRIVER_TOKEN", token);

      RunResultAssert.assertThat(run(Action.PROVISION, inputs)).succeeded().leaksNoSecrets();
      RunResultAssert.assertThat(run(Action.DECOMMISSION, inputs)).succeeded().leaksNoSecrets();

      List<FakeMassdriverApi.Call> calls = api.calls();
      assertThat(calls).hasSize(2);
      FakeMassdriverApi.Call publish = calls.get(0);
      assertThat(publish.method()).isEqualTo("POST");
      assertThat(publish.path()).isEqualTo("/v1/resources");
      assertThat(publish.authorization())
          .isEqualTo(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(("dep-ansible:" + token).getBytes(StandardCharsets.UTF_8)));
      Path site = sandbox.resolve("site");
      assertThat(MAPPER.readTree(publish.body()))
          .isEqualTo(
              MAPPER.readTree(
                  "{\"field\": \"site\", \"name\": \"Artifact site for ecomm-prod-web-abc1\","
                      + " \"type\": \"massdriver/static-site\", \"payload\": {\"root\": \""
                      + site
                      + "\", \"url\": \"file://"
                      + site.resolve("index.html")
                      + "\", \"region\": \"us-west-2\"}}"));
      assertThat(calls.get(1).method()).isEqualTo("DELETE");
      assertThat(calls.get(1).path()).isEqualTo("/v1/resources/ecomm-prod-web-abc1-site");
    }
  }
}

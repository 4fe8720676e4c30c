package dev.provisionersdk.internal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import org.junit.jupiter.api.Test;

class OptionalLibraryTest {
  @Test
  void theSdksOptionalLibrariesAreFoundWhenOnTheClassPath() {
    assertThat(OptionalLibrary.JACKSON_JQ.present()).isTrue();
    assertThat(OptionalLibrary.JSON_SCHEMA_VALIDATOR.present()).isTrue();
    assertThatCode(() -> OptionalLibrary.JACKSON_JQ.require("artifact_x.jq"))
        .doesNotThrowAnyException();
  }

  @Test
  void aMissingLibraryFailsNamingWhatNeedsItAndTheDependencyToAdd() {
    OptionalLibrary missing =
        new OptionalLibrary("org.example", "absent-lib", "org.example.absent.Nothing", "9.9");

    assertThat(missing.present()).isFalse();
    assertThatThrownBy(() -> missing.require("bundle template artifact_bucket.jq"))
        .isInstanceOf(ProvisionerException.class)
        .hasMessageStartingWith("bundle template artifact_bucket.jq needs org.example:absent-lib")
        .hasMessageContaining(
            "<dependency><groupId>org.example</groupId><artifactId>absent-lib</artifactId>"
                + "<version>9.9</version></dependency>")
        .extracting(e -> ((ProvisionerException) e).exitCode())
        .isEqualTo(ExitCode.HANDLER_FAILED);
  }
}

package dev.provisionersdk.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.provisionersdk.Backoff;
import dev.provisionersdk.CommandFailedException;
import dev.provisionersdk.Controls;
import dev.provisionersdk.ExitCode;
import dev.provisionersdk.ProvisionerException;
import dev.provisionersdk.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControlledRunTest {
  /**
   * The grace period after SIGTERM: at least 5 times what the cleanups and finally blocks below
   * take (150 ms at most), so that a loaded machine does not run it out.
   */
  private static final Duration GRACE = Duration.ofMillis(1_000);

  private final Supervisor supervisor = new Supervisor(GRACE);
  private final ControlledRun run = new ControlledRun(supervisor);
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<String> cleanups = Collections.synchronizedList(new ArrayList<>());

  private Controls.Builder controls() {
    return Controls.builder()
        .backoff(Backoff.none())
        .onError((request, failure) -> cleanups.add(failure.getMessage()));
  }

  @Test
  void failsTwiceThenSucceedsWithinThreeAttempts() throws Exception {
    run.run(
        "provision",
        controls().maxRetries(2).build(),
        null,
        () -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("flaky " + attempts.get());
          }
        });
    assertThat(attempts).hasValue(3);
    assertThat(cleanups).isEmpty();
  }

  @Test
  void finalErrorNamesTheAttemptCountKeepsTheLastAndAttachesTheEarlierOnes() {
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    controls().maxRetries(2).build(),
                    null,
                    () -> {
                      throw ProvisionerException.withExitCode(
                          3, "failure " + attempts.incrementAndGet());
                    }))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.getMessage())
                  .isEqualTo("provision failed after 3 attempts; last error: failure 3");
              assertThat(e.getCause()).hasMessage("failure 3");
              assertThat(e.getSuppressed())
                  .extracting(Throwable::getMessage)
                  .startsWith("failure 1", "failure 2");
            });
    assertThat(cleanups)
        .containsExactly("provision failed after 3 attempts; last error: failure 3");
  }

  @Test
  void failureTheRetryPredicateRejectsIsNotRetried() {
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    controls()
                        .maxRetries(5)
                        .retryIf(e -> e instanceof IllegalStateException)
                        .build(),
                    null,
                    () -> {
                      attempts.incrementAndGet();
                      throw new IllegalArgumentException("permanent");
                    }))
        .hasMessage("permanent");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void invalidInputIsNotRetriedByDefault() {
    assertThatThrownBy(
            () ->
                run.run(
                    "plan",
                    Controls.builder().maxRetries(3).backoff(Backoff.none()).build(),
                    null,
                    () -> {
                      attempts.incrementAndGet();
                      throw ProvisionerException.invalidInput("bad params");
                    }))
        .hasMessage("bad params");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void eachAttemptGetsAFreshTimeout() throws Exception {
    run.run(
        "provision",
        controls().maxRetries(1).timeout(Duration.ofMillis(300)).build(),
        null,
        () -> {
          if (attempts.incrementAndGet() == 1) {
            Thread.sleep(60_000);
          }
        });
    assertThat(attempts).hasValue(2);
  }

  @Test
  void timeoutIsEnforcedEvenWhenTheWorkIgnoresInterruption() {
    CountDownLatch never = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    // The attempt ends once the grace period for unwinding has passed too.
                    controls()
                        .timeout(Duration.ofMillis(200))
                        .gracePeriod(Duration.ofMillis(200))
                        .build(),
                    null,
                    () -> {
                      while (true) {
                        try {
                          never.await();
                        } catch (InterruptedException ignored) {
                          // A badly behaved handler: swallows the interrupt and keeps going.
                        }
                      }
                    }))
        .isInstanceOfSatisfying(
            ProvisionerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TIMEOUT))
        .hasMessageContaining("provision timed out after 200ms");
    assertThat(cleanups).hasSize(1);
  }

  @Test
  void pauseBeforeEachAttemptDoesNotCountAgainstTheTimeout() throws Exception {
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    run.run(
        "provision",
        controls()
            .maxRetries(1)
            // Were the pause counted, the second attempt would time out: 2 s against 400 ms.
            .pauseBefore(Duration.ofMillis(2_000))
            .timeout(Duration.ofMillis(400))
            .build(),
        null,
        () -> {
          starts.add(System.nanoTime());
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("first");
          }
        });
    assertThat(attempts).hasValue(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(1) - starts.get(0)))
        .as("the second attempt waited for its pause")
        .isGreaterThanOrEqualTo(2_000);
  }

  @Test
  void cleanupFailureIsReportedWithTheOriginalFailure() {
    Controls failingCleanup =
        Controls.builder()
            .onError(
                (request, failure) -> {
                  throw new IllegalStateException("cleanup broke");
                })
            .build();
    assertThatThrownBy(
            () ->
                run.run(
                    "decommission",
                    failingCleanup,
                    null,
                    () -> {
                      throw new IllegalStateException("original");
                    }))
        .hasMessage("original")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("cleanup broke"));
  }

  @Test
  void cleanupThatHangsIsStoppedByItsDeadline() {
    Controls hangingCleanup =
        Controls.builder()
            .cleanupTimeout(Duration.ofMillis(200))
            .onError((request, failure) -> Thread.sleep(60_000))
            .build();
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    hangingCleanup,
                    null,
                    () -> {
                      throw new IllegalStateException("original");
                    }))
        .hasMessage("original")
        .satisfies(
            e ->
                assertThat(e.getSuppressed()[0])
                    .hasMessageContaining("provision-cleanup timed out after 200ms"));
  }

  @Test
  void terminationStopsTheWorkIsNotRetriedAndRunsTheCleanup() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Thread terminator = terminateWhen(started);
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    controls().maxRetries(3).build(),
                    null,
                    () -> {
                      attempts.incrementAndGet();
                      started.countDown();
                      Thread.sleep(60_000);
                    }))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TERMINATED));
    terminator.join();
    assertThat(attempts).hasValue(1);
    assertThat(cleanups).hasSize(1);
  }

  @Test
  void aToolExitingWithTheBadInputCodeIsRetriedByDefault() throws Exception {
    run.run(
        "apply",
        controls().maxRetries(1).build(),
        null,
        () -> {
          if (attempts.incrementAndGet() == 1) {
            throw CommandFailedException.exited(java.util.List.of("dns", "apply"), 2, "locked");
          }
        });
    assertThat(attempts).hasValue(2);
  }

  @Test
  void badInputIsNotRetriedByDefault() {
    assertThatThrownBy(
            () ->
                run.run(
                    "apply",
                    controls().maxRetries(3).build(),
                    null,
                    () -> {
                      attempts.incrementAndGet();
                      throw ProvisionerException.invalidInput("zone name missing");
                    }))
        .hasMessage("zone name missing");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void theRetryWarningOfAFailedCommandLeavesOutTheStderrTheToolAlreadyPrinted() {
    CommandFailedException failure =
        CommandFailedException.exited(
            java.util.List.of("dns", "apply"), 3, "zone is locked by run 41\n");
    assertThat(failure.getMessage()).contains("zone is locked by run 41");

    assertThat(ControlledRun.brief(failure))
        .isEqualTo("`dns apply` exited with 3 (its stderr is above)");
    assertThat(ControlledRun.brief(new IllegalStateException("locked"))).isEqualTo("locked");
  }

  /** Runs work that fails every attempt with "locked N". */
  private void runLockedEveryTime(Controls controls) throws Exception {
    run.run(
        "up",
        controls,
        null,
        () -> {
          throw new IllegalStateException("locked " + attempts.incrementAndGet());
        });
  }

  @Test
  void retryHookRunsBeforeEachRetryWithTheFailureAndTheNextAttemptNumber() throws Exception {
    List<String> hookCalls = Collections.synchronizedList(new ArrayList<>());
    run.run(
        "up",
        controls()
            .maxRetries(3)
            .onRetry(
                (request, failure, nextAttempt) ->
                    hookCalls.add(nextAttempt + ":" + failure.getMessage()))
            .build(),
        null,
        () -> {
          if (attempts.incrementAndGet() < 3) {
            throw new IllegalStateException("locked " + attempts.get());
          }
        });
    assertThat(hookCalls).containsExactly("2:locked 1", "3:locked 2");
    assertThat(cleanups).isEmpty();
  }

  @Test
  void retryHookIsNotCalledAfterTheLastAttemptNorForAFailureThatIsNotRetried() {
    List<Integer> hookCalls = Collections.synchronizedList(new ArrayList<>());
    Controls controls =
        controls()
            .maxRetries(1)
            .retryIf(failure -> failure.getMessage().startsWith("locked"))
            .onRetry((request, failure, nextAttempt) -> hookCalls.add(nextAttempt))
            .build();
    assertThatThrownBy(() -> runLockedEveryTime(controls)).hasMessageContaining("after 2 attempts");
    assertThat(hookCalls).containsExactly(2);
    assertThatThrownBy(
            () ->
                run.run(
                    "up",
                    controls,
                    null,
                    () -> {
                      throw new IllegalStateException("fatal");
                    }))
        .hasMessage("fatal");
    assertThat(hookCalls).containsExactly(2);
  }

  @Test
  void failingRetryHookStopsRetryingKeepsTheAttemptsFailureAndStillCleansUp() {
    Controls controls =
        controls()
            .maxRetries(5)
            .onRetry(
                (request, failure, nextAttempt) -> {
                  throw new IllegalStateException("cancel failed");
                })
            .build();
    assertThatThrownBy(() -> runLockedEveryTime(controls))
        .hasMessage("locked 1")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .containsExactly("cancel failed"));
    assertThat(attempts).hasValue(1);
    assertThat(cleanups).containsExactly("locked 1");
  }

  @Test
  void retryHookThatHangsIsStoppedByTheCleanupDeadline() {
    Controls controls =
        controls()
            .maxRetries(1)
            .cleanupTimeout(Duration.ofMillis(200))
            .onRetry((request, failure, nextAttempt) -> Thread.sleep(60_000))
            .build();
    assertThatThrownBy(() -> runLockedEveryTime(controls))
        .hasMessage("locked 1")
        .satisfies(
            e ->
                assertThat(e.getSuppressed()[0])
                    .hasMessageContaining("up-retry-hook timed out after 200ms"));
    assertThat(attempts).hasValue(1);
  }

  /** The task's cleanup runs on a thread termination interrupted: it must still run, first. */
  @Test
  void terminationRunsTheTasksCleanupBeforeTheHandlersWithinTheGracePeriod() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Thread terminator = terminateWhen(started);
    Controls task =
        Controls.builder()
            .onError(
                (request, failure) -> {
                  Thread.sleep(100); // the handler's cleanup must wait for this one
                  cleanups.add("task: " + failure.getMessage());
                })
            .build();
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    controls().build(),
                    null,
                    () ->
                        run.run(
                            "apply",
                            task,
                            null,
                            () -> {
                              started.countDown();
                              Thread.sleep(60_000);
                            })))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TERMINATED));
    terminator.join();
    assertThat(cleanups)
        .containsExactly(
            "task: apply was stopped: the provisioner received SIGTERM",
            "provision was stopped: the provisioner received SIGTERM");
  }

  @Test
  void aTasksCleanupIsSkippedWhenTheHandlerAroundItTimesOut() {
    Controls task = Controls.builder().onError((request, failure) -> cleanups.add("task")).build();
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    controls().timeout(Duration.ofMillis(200)).build(),
                    null,
                    () -> run.run("apply", task, null, () -> Thread.sleep(60_000))))
        .isInstanceOfSatisfying(
            ProvisionerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TIMEOUT));
    assertThat(cleanups)
        .containsExactly(
            "provision timed out after 200ms and was stopped — raise"
                + " execution.timeout in the step's config if it needs longer");
  }

  @Test
  void cleanupOnTerminationGetsOnlyWhatIsLeftOfTheGracePeriod() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Thread terminator = terminateWhen(started);
    Controls hanging =
        Controls.builder()
            .cleanupTimeout(Duration.ofMinutes(5))
            .onError((request, failure) -> Thread.sleep(60_000))
            .build();
    // The supervisor's grace period is 1 s: the cleanup's 5-minute deadline is cut to what is
    // left of it.
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    hanging,
                    null,
                    () -> {
                      started.countDown();
                      Thread.sleep(60_000);
                    }))
        .satisfies(
            e ->
                assertThat(e.getSuppressed()[0].getMessage())
                    .matches("provision-cleanup timed out after \\d{1,3}ms and was stopped.*"));
    terminator.join();
  }

  /** Work whose finally block takes a moment after the interrupt, e.g. deleting a secrets file. */
  private Task unwindingSlowly(CountDownLatch started, AtomicBoolean unwound) {
    return () -> {
      try {
        started.countDown();
        Thread.sleep(60_000);
      } finally {
        Thread.sleep(150);
        unwound.set(true);
      }
    };
  }

  @Test
  void terminationEndsTheAttemptOnlyAfterTheWorksFinallyBlockRan() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean unwound = new AtomicBoolean();
    Thread terminator = terminateWhen(started);
    assertThatThrownBy(
            () ->
                run.run("provision", Controls.defaults(), null, unwindingSlowly(started, unwound)))
        .isInstanceOfSatisfying(
            ProvisionerException.class,
            e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TERMINATED));
    assertThat(unwound).as("the handler's finally block ran before the run ended").isTrue();
    terminator.join();
  }

  @Test
  void timeoutEndsTheAttemptOnlyAfterTheWorksFinallyBlockRan() {
    AtomicBoolean unwound = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                run.run(
                    "provision",
                    Controls.builder().timeout(Duration.ofMillis(100)).build(),
                    null,
                    unwindingSlowly(new CountDownLatch(1), unwound)))
        .isInstanceOfSatisfying(
            ProvisionerException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.TIMEOUT));
    assertThat(unwound).as("the handler's finally block ran before the next step").isTrue();
  }

  private Thread terminateWhen(CountDownLatch started) {
    Thread terminator =
        new Thread(
            () -> {
              try {
                started.await();
                supervisor.terminate();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    terminator.start();
    return terminator;
  }
}

package dev.provisionersdk.internal.output;

import dev.provisionersdk.internal.os.Posix;
import dev.provisionersdk.internal.redact.RedactingOutputStream;
import dev.provisionersdk.internal.redact.Redactor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The process's standard output and error, masked from the first run of a provisioner until the
 * process exits; never put back.
 *
 * <ul>
 *   <li>At once: masking streams over the current {@code System.out} and {@code System.err}
 *       (normally the JVM's own, on descriptors 1 and 2) replace them (UTF-8, flushed on every
 *       write), so the runtime, the handler, SLF4J's simple logger and uncaught exceptions print
 *       masked from the first byte.
 *   <li>Through the SDK's native calls ({@link Posix}: its JNI library, on any JDK), in the
 *       background while the inputs are read: {@link DescriptorMasking} replaces the descriptors
 *       themselves with pipes read through the masker, which covers children that inherit them,
 *       {@code FileDescriptor.out}, JUL handlers created earlier, native code and the JVM's own
 *       messages. The handler does not start before this is in place ({@link
 *       RunOutput#beforeHandler()}).
 *   <li>Where the native calls are out of reach (native access refused, another platform, a library
 *       that cannot be loaded on JDK 17–21): the streams only; JUL console handlers created before
 *       are pointed at the masking {@code System.err}.
 * </ul>
 *
 * <p>At exit (the end of {@code main}, {@code System.exit}, SIGTERM, an uncaught exception) a
 * shutdown hook waits for a run still stopping, then writes out what the maskers hold back and what
 * the pipes hold, and drops everything printed after that: a secret split across that final flush
 * would otherwise print in two raw halves.
 *
 * <p>Holds process-wide state on purpose, as a single instance: the descriptors and {@code
 * System.out} are the process's. Thread-safe.
 */
public final class ProcessOutput {
  /** How long the handler waits for the descriptors to be masked before going on without. */
  private static final Duration SETUP_WAIT = Duration.ofSeconds(20);

  /** How long the final flush waits for the pipes to be drained. */
  private static final Duration FINAL_FLUSH = Duration.ofSeconds(2);

  /** Guarded by the class: the one instance, once a run has started. */
  private static ProcessOutput installed;

  /** The native calls, being linked ahead of the first run; {@code null} until {@link #prepare}. */
  private static CompletableFuture<Optional<Posix>> nativeCalls;

  private final Redactor redactor = new Redactor();

  /** The streams in place before, normally the JVM's own over descriptors 1 and 2. */
  private final FinalGate outGate = new FinalGate(System.out);

  private final FinalGate errGate = new FinalGate(System.err);
  private final RedactingOutputStream outBytes = new RedactingOutputStream(outGate, redactor);
  private final RedactingOutputStream errBytes = new RedactingOutputStream(errGate, redactor);
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
  private final CountDownLatch setUp = new CountDownLatch(1);
  private final Set<Hold> holds = ConcurrentHashMap.newKeySet();

  /** Guarded by this: the descriptors' masking once installed; no install after closing. */
  private DescriptorMasking descriptors;

  private boolean closing;
  private boolean julRebound;
  private volatile String setupFailure;

  private ProcessOutput() {}

  /**
   * Starts loading the native calls that masking the descriptors needs, on a background thread, so
   * that they are ready when {@link #install()} needs them (about a millisecond for the JNI
   * library, mostly copying it out of the jar outside an image). Changes no descriptor; later calls
   * do nothing.
   */
  public static void prepare() {
    nativeCalls();
  }

  /** Starts linking the native calls on first use; guarded by the class. */
  private static synchronized CompletableFuture<Optional<Posix>> nativeCalls() {
    if (nativeCalls == null) {
      CompletableFuture<Optional<Posix>> linking = new CompletableFuture<>();
      nativeCalls = linking;
      Thread thread =
          new Thread(
              () -> {
                try {
                  linking.complete(Posix.load());
                } catch (RuntimeException | LinkageError e) {
                  linking.completeExceptionally(e);
                }
              },
              "provisioner-native");
      thread.setDaemon(true);
      thread.start();
    }
    return nativeCalls;
  }

  /**
   * Masks the process's output from now until it exits; later calls return the same instance.
   *
   * @return the process's output
   */
  public static synchronized ProcessOutput install() {
    if (installed == null) {
      installed = new ProcessOutput();
      installed.start();
    }
    return installed;
  }

  private void start() {
    System.out.flush(); // what was printed before goes out first, unmasked as it was
    System.err.flush();
    System.setOut(out);
    System.setErr(err);
    Runtime.getRuntime().addShutdownHook(new Thread(this::finalFlush, "provisioner-output-flush"));
    Thread setup = new Thread(this::maskDescriptors, "provisioner-output-setup");
    setup.setDaemon(true);
    setup.start();
  }

  /** Runs on its own thread: native set-up takes longer than reading the inputs. */
  private void maskDescriptors() {
    try {
      Optional<Posix> posix = nativeCalls().join();
      if (posix.isEmpty()) {
        setupFailure =
            "the SDK's native calls are not available ("
                + Posix.whyUnavailable()
                + "): run the JVM with --enable-native-access=ALL-UNNAMED, as entrypoint.sh"
                + " does";
        return;
      }
      synchronized (this) {
        if (!closing) {
          descriptors = DescriptorMasking.install(posix.get(), redactor);
        }
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      setupFailure =
          (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).toString();
    } finally {
      setUp.countDown();
    }
  }

  /**
   * Starts a run's use of the process's output.
   *
   * @return the run's output; closing it flushes and leaves the masking in place
   */
  public RunOutput startRun() {
    return new Run();
  }

  /** Whether descriptors 1 and 2 are masked (once set up); for tests. */
  synchronized boolean masksDescriptors() {
    return descriptors != null;
  }

  /**
   * Waits until the descriptors are masked, or gives up on them: then JUL's console handlers are
   * pointed at the masking {@code System.err}, and a warning says what stays unmasked.
   */
  private void awaitDescriptors() {
    try {
      setUp.await(SETUP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    DescriptorMasking masking;
    boolean rebind;
    synchronized (this) {
      masking = descriptors;
      rebind = masking == null && !julRebound;
      julRebound |= rebind;
    }
    org.slf4j.Logger log = LoggerFactory.getLogger("dev.provisionersdk");
    if (masking != null) {
      log.debug("file descriptors 1 and 2 are masked through {}", masking.implementation());
      return;
    }
    if (!rebind) {
      return;
    }
    JulConsole.rebind();
    String failure = setupFailure;
    if (failure != null) {
      log.warn(
          "file descriptors 1 and 2 are not masked ({}): output of children that inherit them"
              + " and of FileDescriptor.out is not masked; System.out, System.err, SLF4J and"
              + " JUL are",
          failure);
    }
  }

  /** The shutdown hook: the last bytes the process writes, masked, then nothing more. */
  private void finalFlush() {
    for (Hold hold : holds) {
      hold.await();
    }
    out.flush();
    err.flush();
    try {
      outBytes.release();
      errBytes.release();
    } catch (IOException e) {
      // Standard output is gone: nothing more can be written.
    }
    outGate.shut();
    errGate.shut();
    DescriptorMasking masking;
    synchronized (this) {
      closing = true;
      masking = descriptors;
    }
    if (masking != null) {
      masking.finish(System.nanoTime() + FINAL_FLUSH.toNanos());
    }
  }

  /**
   * A run in progress that the final flush waits for. A class with identity equality, not a record:
   * a record's {@code hashCode} (the set below calls it on the main thread) is bootstrapped through
   * {@code ObjectMethods}, which spins method-handle classes that no class-data archive holds —
   * about 10 ms of every run's start-up, measured.
   */
  private static final class Hold {
    private final CountDownLatch finished;
    private final Supplier<Duration> bound;

    Hold(CountDownLatch finished, Supplier<Duration> bound) {
      this.finished = finished;
      this.bound = bound;
    }

    boolean released() {
      return finished.getCount() == 0;
    }

    void await() {
      try {
        finished.await(bound.get().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One run's view: the process's streams and redactor. */
  private final class Run implements RunOutput {

    @Override
    public Redactor redactor() {
      return redactor;
    }

    @Override
    public PrintStream out() {
      return out;
    }

    @Override
    public PrintStream err() {
      return err;
    }

    @Override
    public void beforeHandler() {
      awaitDescriptors();
    }

    @Override
    public void holdExitUntil(CountDownLatch finished, Supplier<Duration> bound) {
      // A hold stays until its latch is down, which may be after close(): the run's SIGTERM hook
      // can still be stopping processes (and logging) then. Holds of ended runs are dropped here.
      holds.removeIf(Hold::released);
      holds.add(new Hold(finished, bound));
    }

    /** Flushes; what the maskers hold back stays held until more output or the final flush. */
    @Override
    public void close() {
      out.flush();
      err.flush();
    }
  }
}

package dev.provisionersdk.internal.redact;

import java.io.IOException;
import java.util.Arrays;

/**
 * The first stage of a {@link RedactingOutputStream}: masks runs of base64 that <i>decode</i> to a
 * secret, however they are wrapped, escaped or nested — a PEM key printed through {@code base64 -w
 * 76} inside a JSON string with {@code \n} escapes, wrapped base64 after a {@code tls.key: } label,
 * a Kubernetes {@code .dockerconfigjson} whose {@code auth} field is itself base64. The stages
 * after it then see everything else.
 *
 * <p><b>What is masked.</b> {@link Base64Runs} finds the runs; each is decoded at all four
 * alignments, recursively (see {@link DecodedSecrets}), and when the decoded bytes hold any form of
 * any registered value, every piece of the run becomes {@value Redactor#REPLACEMENT}: labels, line
 * breaks, escapes and indentation stay.
 *
 * <p><b>Cost and memory.</b> Outside runs the stage looks at about one byte in 8 (in up to 40, when
 * every registered form is long: see {@link Base64Runs#shortestUsefulDecoding}) and passes bytes on
 * at once, except a trailing word that may still grow into a run. A run is held back until it ends;
 * one longer than {@value #WINDOW} base64 characters is checked in windows of that many characters
 * overlapping by {@value #OVERLAP}: what precedes the overlap of a clean window is passed on, and
 * from a window that holds a secret on, the rest of the run is masked. So a stream holds at most
 * about {@value #WINDOW} characters of a run plus its breaks. Windows are counted in the run's own
 * characters, so how the output was split into writes never changes the result.
 *
 * <p>A value registered while a run is held is looked for in it when the run ends. Not thread-safe:
 * its stream serialises calls.
 */
final class DecodingStage {
  /** Base64 characters of a run checked at once. */
  static final int WINDOW = 64 * 1024;

  /**
   * Characters shared by consecutive windows: longer than any secret's base64 of practical size.
   */
  static final int OVERLAP = 16 * 1024;

  private final StreamBytes.Sink next;
  private final Redactor redactor;
  private final Base64Runs runs = new Base64Runs(new Listener(), true);
  private final DecodedSecrets decoded = new DecodedSecrets();

  /** Bytes not yet passed on (from {@code emitted}) and those just passed on (before it). */
  private byte[] held = new byte[256];

  private int length;
  private int emitted;

  /** The pieces of the open run still held, by index into {@link #held}; the last may be open. */
  private int[] pieceStart = new int[16];

  private int[] pieceEnd = new int[16];
  private int pieceCount;

  /** The base64 characters of those pieces, in order. */
  private byte[] characters = new byte[256];

  private int characterCount;

  /** Whether an earlier window of the open run held a secret: the rest of the run is masked. */
  private boolean dirty;

  DecodingStage(StreamBytes.Sink next, Redactor redactor) {
    this.next = next;
    this.redactor = redactor;
  }

  /** Masks and passes on bytes, holding back a run until it ends or fills a window. */
  void write(byte[] bytes, int offset, int count) throws IOException {
    if (redactor.version() == 0 && length == 0) {
      next.write(bytes, offset, count); // nothing registered: nothing to find
      return;
    }
    if (length + count > held.length) {
      held = Arrays.copyOf(held, Math.max(length + count, held.length * 2));
    }
    System.arraycopy(bytes, offset, held, length, count);
    length += count;
    runs.shortestUsefulDecoding(redactor.automaton().shortestPattern());
    runs.read(held, length, false);
    passOn(runs.inRun() ? pieceStart[0] : runs.next());
    compact();
  }

  /** Passes on everything held, masked: the end of the output (a run ends here). */
  void release() throws IOException {
    runs.read(held, length, true);
    passOn(length);
    compact();
  }

  private void passOn(int end) throws IOException {
    if (end > emitted) {
      next.write(held, emitted, end - emitted);
      emitted = end;
    }
  }

  /** Drops what was passed on from the front of {@link #held}. */
  private void compact() {
    if (emitted == 0) {
      return;
    }
    runs.rebase(emitted, held[emitted - 1]);
    for (int p = 0; p < pieceCount; p++) {
      pieceStart[p] -= emitted;
      if (pieceEnd[p] >= 0) {
        pieceEnd[p] -= emitted;
      }
    }
    System.arraycopy(held, emitted, held, 0, length - emitted);
    length -= emitted;
    emitted = 0;
    if (held.length > 4 * WINDOW && length < WINDOW) {
      held = Arrays.copyOf(held, WINDOW); // a write of many megabytes went through: let it go
    }
  }

  /**
   * Forgets the held pieces up to {@code end} (an open piece is cut there); when {@code masked},
   * first passes on what precedes {@code end}, each piece as {@value Redactor#REPLACEMENT}.
   */
  private void passOnPieces(boolean masked, int end) throws IOException {
    if (!masked) {
      // Passed on with what follows, in one write: the next stages pay per write.
      pieceCount = 0;
      return;
    }
    for (int p = 0; p < pieceCount; p++) {
      int start = pieceStart[p];
      int stop = pieceEnd[p] < 0 ? end : pieceEnd[p];
      passOn(start);
      if (stop > start) {
        next.write(Redactor.REPLACEMENT_BYTES, 0, Redactor.REPLACEMENT_BYTES.length);
        emitted = stop;
      }
    }
    passOn(end);
    pieceCount = 0;
  }

  /** The index in {@link #held} of base64 character {@code c} of the held pieces. */
  private int indexOfCharacter(int c, int openEnd) {
    int remaining = c;
    for (int p = 0; p < pieceCount; p++) {
      int pieceLength = (pieceEnd[p] < 0 ? openEnd : pieceEnd[p]) - pieceStart[p];
      if (remaining < pieceLength) {
        return pieceStart[p] + remaining;
      }
      remaining -= pieceLength;
    }
    throw new IllegalStateException("character " + c + " is not held");
  }

  /** The run's characters fill a window; {@code end} follows the last of them. */
  private void window(int end) throws IOException {
    if (!dirty && holdsSecret(characterCount)) {
      dirty = true;
    }
    if (dirty) {
      passOnPieces(true, end);
      pieceStart[0] = end;
      pieceEnd[0] = -1;
      pieceCount = 1;
      characterCount = 0;
      return;
    }
    int kept = characterCount - OVERLAP;
    int cut = indexOfCharacter(kept, end);
    passOn(cut);
    int first = 0;
    while (pieceEnd[first] >= 0 && pieceEnd[first] <= cut) {
      first++;
    }
    pieceCount -= first;
    System.arraycopy(pieceStart, first, pieceStart, 0, pieceCount);
    System.arraycopy(pieceEnd, first, pieceEnd, 0, pieceCount);
    pieceStart[0] = Math.max(pieceStart[0], cut);
    System.arraycopy(characters, kept, characters, 0, OVERLAP);
    characterCount = OVERLAP;
  }

  private boolean holdsSecret(int count) {
    return decoded.holdsSecret(redactor.automaton(), characters, 0, count);
  }

  /** Receives the runs: collects their pieces and characters, and decides at their end. */
  private final class Listener implements Base64Runs.Listener {
    @Override
    public void pieceStarted(int start) {
      if (pieceCount == pieceStart.length) {
        pieceStart = Arrays.copyOf(pieceStart, pieceCount * 2);
        pieceEnd = Arrays.copyOf(pieceEnd, pieceCount * 2);
      }
      pieceStart[pieceCount] = start;
      pieceEnd[pieceCount++] = -1;
    }

    @Override
    public void characters(byte[] bytes, int from, int to) throws IOException {
      int i = from;
      while (i < to) {
        int take = Math.min(to - i, WINDOW - characterCount);
        if (characterCount + take > characters.length) {
          characters =
              Arrays.copyOf(
                  characters,
                  Math.min(WINDOW, Math.max(characterCount + take, characters.length * 2)));
        }
        System.arraycopy(bytes, i, characters, characterCount, take);
        characterCount += take;
        i += take;
        if (characterCount == WINDOW) {
          window(i);
        }
      }
    }

    @Override
    public void pieceEnded(int end) {
      pieceEnd[pieceCount - 1] = end;
    }

    @Override
    public void runEnded(int end) throws IOException {
      boolean masked = dirty || holdsSecret(characterCount);
      passOnPieces(masked, end);
      characterCount = 0;
      dirty = false;
    }
  }
}

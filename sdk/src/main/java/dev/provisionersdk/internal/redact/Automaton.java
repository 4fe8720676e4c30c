package dev.provisionersdk.internal.redact;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An Aho–Corasick automaton over bytes that finds, at each position of a byte stream, the longest
 * registered pattern ending there. One automaton holds every form of every secret, so the cost per
 * byte does not grow with the number of secrets.
 *
 * <p>Layout: states are numbered breadth-first, so shallow states come first. The first {@link
 * #DENSE_STATE_LIMIT} states (the root and its children) have a full 256-entry transition row with
 * failure links already resolved; deeper states keep only their trie edges (sorted, in one flat
 * array) plus a failure link. A step from a deep state follows failure links until an edge or a
 * dense state is found, which is amortised constant time.
 *
 * <p>Speed: a prefilter (two bitsets of hashed 4-byte pattern prefixes, see {@link #scan}) skips
 * the positions that cannot start any pattern, so in ordinary output the automaton runs on a few
 * percent of the bytes and throughput barely depends on how many secrets are registered. When every
 * pattern is 8 bytes or longer, a third bitset of the grams near each pattern's start lets the scan
 * jump several positions per check.
 *
 * <p>Immutable and thread-safe; scanning state lives with the caller (an {@code int} state id).
 */
final class Automaton {
  /** The start state. */
  static final int ROOT = 0;

  /**
   * At most this many states get a dense row: 256 × 256 × 4 bytes = 256 KiB, which stays in a
   * core's L2 cache. Bigger tables measured slower with many secrets: once the prefilter has cut
   * automaton steps to a few percent of the bytes, a cache miss costs more than a sparse lookup.
   */
  static final int DENSE_STATE_LIMIT = 256;

  static final Automaton EMPTY = build(List.of());

  private final int denseCount;
  private final int[] dense;
  private final int[] edgeStart;
  private final byte[] edgeLabel;
  private final int[] edgeTarget;
  private final int[] fail;
  private final int[] depth;
  private final int[] longestMatch;
  private final int maxPatternLength;
  private final int patternCount;
  private final long[] prefixBits;
  private final long[] confirmBits;
  private final int prefixShift;

  /**
   * The skip filter: a bit per hashed 4-byte gram found at any offset of the first {@link
   * #skipWindow} bytes of any pattern; {@code null} when the shortest pattern is too short for
   * skipping to pay.
   */
  private final long[] gramBits;

  private final int gramShift;

  /** The length of the shortest pattern, capped; the span the skip filter looks ahead. */
  private final int skipWindow;

  /** The length of the shortest pattern; {@link Integer#MAX_VALUE} when there is none. */
  private final int shortestPattern;

  private Automaton(
      int denseCount,
      int[] dense,
      int[] edgeStart,
      byte[] edgeLabel,
      int[] edgeTarget,
      int[] fail,
      int[] depth,
      int[] longestMatch,
      int maxPatternLength,
      int patternCount,
      long[] prefixBits,
      long[] confirmBits,
      int prefixShift,
      long[] gramBits,
      int gramShift,
      int skipWindow,
      int shortestPattern) {
    this.denseCount = denseCount;
    this.dense = dense;
    this.edgeStart = edgeStart;
    this.edgeLabel = edgeLabel;
    this.edgeTarget = edgeTarget;
    this.fail = fail;
    this.depth = depth;
    this.longestMatch = longestMatch;
    this.maxPatternLength = maxPatternLength;
    this.patternCount = patternCount;
    this.prefixBits = prefixBits;
    this.confirmBits = confirmBits;
    this.prefixShift = prefixShift;
    this.gramBits = gramBits;
    this.gramShift = gramShift;
    this.skipWindow = skipWindow;
    this.shortestPattern = shortestPattern;
  }

  /**
   * Builds the automaton for a set of non-empty patterns.
   *
   * @param patterns the byte sequences to find; duplicates are harmless
   * @return the automaton
   */
  static Automaton build(Collection<byte[]> patterns) {
    byte[][] sorted = patterns.stream().filter(p -> p.length > 0).toArray(byte[][]::new);
    Arrays.sort(sorted, Arrays::compareUnsigned);

    // 1. Trie in creation (depth-first) order, edges as (parent, label, child) triples. With sorted
    //    patterns, the trie path of each pattern shares exactly the common prefix with the
    // previous.
    int capacity = 1;
    for (byte[] pattern : sorted) {
      capacity += pattern.length;
    }
    int[] parent = new int[capacity];
    byte[] label = new byte[capacity];
    int[] nodeDepth = new int[capacity];
    boolean[] terminal = new boolean[capacity];
    int nodes = 1;
    int maxLength = 0;
    int unique = 0;
    int[] path = new int[1];
    byte[] previous = new byte[0];
    for (byte[] pattern : sorted) {
      if (path.length < pattern.length + 1) {
        path = Arrays.copyOf(path, pattern.length + 1);
      }
      int common = Arrays.mismatch(previous, pattern);
      if (common < 0) {
        continue; // duplicate
      }
      for (int i = common; i < pattern.length; i++) {
        parent[nodes] = path[i];
        label[nodes] = pattern[i];
        nodeDepth[nodes] = i + 1;
        path[i + 1] = nodes++;
      }
      terminal[path[pattern.length]] = true;
      maxLength = Math.max(maxLength, pattern.length);
      unique++;
      previous = pattern;
    }

    // 2. Renumber breadth-first: a stable sort by depth keeps siblings in label order.
    int[] byDepth = countingSortByDepth(nodeDepth, nodes, maxLength);
    int[] newId = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      newId[byDepth[i]] = i;
    }
    int[] depth = new int[nodes];
    int[] edgeStart = new int[nodes + 1];
    byte[] edgeLabel = new byte[nodes];
    int[] edgeTarget = new int[nodes];
    for (int i = 1; i < nodes; i++) {
      edgeStart[newId[parent[byDepth[i]]] + 1]++;
    }
    for (int i = 0; i < nodes; i++) {
      edgeStart[i + 1] += edgeStart[i];
    }
    int[] fill = Arrays.copyOf(edgeStart, nodes);
    for (int i = 1; i < nodes; i++) {
      int old = byDepth[i];
      int p = newId[parent[old]];
      edgeLabel[fill[p]] = label[old];
      edgeTarget[fill[p]++] = i;
      depth[i] = nodeDepth[old];
    }

    // 3. The prefilter: a bit per hashed 4-byte pattern prefix. Every form is at least 4 bytes.
    int bitsLog2 = 12;
    while (bitsLog2 < 22 && (1L << bitsLog2) < 32L * unique) {
      bitsLog2++;
    }
    long[] prefixBits = new long[1 << (bitsLog2 - 6)];
    long[] confirmBits = new long[prefixBits.length];
    int prefixShift = 32 - bitsLog2;
    for (byte[] pattern : sorted) {
      if (pattern.length < PREFIX_LENGTH) {
        Arrays.fill(prefixBits, -1L); // cannot filter: every position is a candidate
        Arrays.fill(confirmBits, -1L);
        break;
      }
      int hash = prefixHash(readInt(pattern, 0), prefixShift);
      prefixBits[hash >>> 6] |= 1L << hash;
      hash = confirmHash(readInt(pattern, 0), prefixShift);
      confirmBits[hash >>> 6] |= 1L << hash;
    }

    // 3b. The skip filter (Wu–Manber's idea on 4-byte grams): with every pattern at least
    //     `window` bytes long, a gram at position i + window - 4 that occurs at no offset
    //     0..window-4 of any pattern's first `window` bytes proves that no pattern starts at
    //     i..i+window-4, so the scan may jump window-3 positions at once.
    int shortest = Integer.MAX_VALUE;
    for (byte[] pattern : sorted) {
      shortest = Math.min(shortest, pattern.length);
    }
    int window = Math.min(shortest, MAX_SKIP_WINDOW);
    long[] gramBits = null;
    int gramShift = 0;
    if (unique > 0 && window >= MIN_SKIP_WINDOW) {
      long grams = (long) unique * (window - PREFIX_LENGTH + 1);
      int gramBitsLog2 = 12;
      while (gramBitsLog2 < MAX_GRAM_BITS_LOG2 && (1L << gramBitsLog2) < 8L * grams) {
        gramBitsLog2++;
      }
      gramBits = new long[1 << (gramBitsLog2 - 6)];
      gramShift = 32 - gramBitsLog2;
      for (byte[] pattern : sorted) {
        for (int offset = 0; offset + PREFIX_LENGTH <= window; offset++) {
          int hash = prefixHash(readInt(pattern, offset), gramShift);
          gramBits[hash >>> 6] |= 1L << hash;
        }
      }
    }

    // 4. Failure links and dense rows, breadth-first: a state's failure target is shallower, so
    //    its row is complete by the time a child needs it.
    int denseCount = Math.min(nodes, DENSE_STATE_LIMIT);
    int[] dense = new int[denseCount * 256];
    int[] fail = new int[nodes];
    int[] longestMatch = new int[nodes];
    for (int state = 0; state < nodes; state++) {
      int old = byDepth[state];
      longestMatch[state] = terminal[old] ? depth[state] : longestMatch[fail[state]];
      if (state < denseCount && state != ROOT) {
        System.arraycopy(dense, fail[state] * 256, dense, state * 256, 256);
      }
      for (int e = edgeStart[state]; e < edgeStart[state + 1]; e++) {
        int child = edgeTarget[e];
        int b = edgeLabel[e] & 0xff;
        fail[child] =
            state == ROOT
                ? ROOT
                : step(denseCount, dense, edgeStart, edgeLabel, edgeTarget, fail, fail[state], b);
        if (state < denseCount) {
          dense[state * 256 + b] = child;
        }
      }
    }
    return new Automaton(
        denseCount,
        dense,
        edgeStart,
        edgeLabel,
        edgeTarget,
        fail,
        depth,
        longestMatch,
        maxLength,
        unique,
        prefixBits,
        confirmBits,
        prefixShift,
        gramBits,
        gramShift,
        window,
        shortest);
  }

  private static int[] countingSortByDepth(int[] nodeDepth, int nodes, int maxDepth) {
    int[] start = new int[maxDepth + 2];
    for (int i = 0; i < nodes; i++) {
      start[nodeDepth[i] + 1]++;
    }
    for (int d = 0; d <= maxDepth; d++) {
      start[d + 1] += start[d];
    }
    int[] order = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      order[start[nodeDepth[i]]++] = i;
    }
    return order;
  }

  private static int step(
      int denseCount,
      int[] dense,
      int[] edgeStart,
      byte[] edgeLabel,
      int[] edgeTarget,
      int[] fail,
      int state,
      int b) {
    int s = state;
    while (s >= denseCount) {
      int end = edgeStart[s + 1];
      for (int e = edgeStart[s]; e < end; e++) {
        if ((edgeLabel[e] & 0xff) == b) {
          return edgeTarget[e];
        }
      }
      s = fail[s];
    }
    return dense[(s << 8) | b];
  }

  /**
   * Returns the state after reading one byte.
   *
   * @param state the current state
   * @param b the byte, as an unsigned value 0–255
   */
  int next(int state, int b) {
    return step(denseCount, dense, edgeStart, edgeLabel, edgeTarget, fail, state, b);
  }

  private static final VarHandle INT_BIG_ENDIAN =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** The prefilter looks at this many bytes; every registered form is at least this long. */
  static final int PREFIX_LENGTH = 4;

  /** Below this shortest pattern length a jump would be too short to pay for its check. */
  static final int MIN_SKIP_WINDOW = 8;

  /** The skip filter looks at most this far ahead: more grams per pattern fill it faster. */
  static final int MAX_SKIP_WINDOW = 16;

  /** The skip filter's size is capped at 2^21 bits (256 KiB), what a core's L2 cache holds. */
  static final int MAX_GRAM_BITS_LOG2 = 21;

  private static int readInt(byte[] bytes, int index) {
    return (int) INT_BIG_ENDIAN.get(bytes, index);
  }

  private static int prefixHash(int prefix, int shift) {
    return (prefix * 0x9E3779B1) >>> shift;
  }

  private static int confirmHash(int prefix, int shift) {
    return ((prefix ^ (prefix >>> 15)) * 0x85EBCA6B) >>> shift;
  }

  /** The second, independent hash of the prefilter, checked only when the first one hits. */
  private boolean confirmed(int prefix) {
    int hash = confirmHash(prefix, prefixShift);
    return (confirmBits[hash >>> 6] & (1L << hash)) != 0;
  }

  /**
   * Where a {@link #scan} stopped: the automaton state and the last position that could start a
   * match. One per stream; not thread-safe.
   */
  static final class Cursor {
    int state = ROOT;
    long lastCandidate = Long.MIN_VALUE;

    /** Forgets everything read so far. */
    void reset() {
      state = ROOT;
      lastCandidate = Long.MIN_VALUE;
    }
  }

  /** Receives the matches of a {@link #scan}. */
  interface MatchSink {
    /**
     * Called for each position where a pattern ends, with the longest pattern ending there.
     *
     * @param end the stream position just after the match
     * @param length the match's length in bytes
     */
    void match(long end, int length);
  }

  /**
   * Reads {@code bytes[from, to)} from the cursor's state and reports every match.
   *
   * <p>A prefilter keeps this fast with many secrets: a position can only start a match if the hash
   * of its next 4 bytes is in a small bitset of pattern prefixes. In the start state the scan skips
   * non-candidate positions without touching the automaton; in any other state it drops back to the
   * start state as soon as every partial match the state stands for began at a non-candidate
   * position. The last 3 positions of the input lack the bytes to decide and count as candidates,
   * so a secret split across writes is still found.
   *
   * @param cursor the state before the first byte; updated to the state after the last
   * @param bytes the input
   * @param from the first index to read
   * @param to one past the last index to read
   * @param position the stream position of {@code bytes[from]}
   * @param sink receives matches, in order of their end position
   */
  void scan(Cursor cursor, byte[] bytes, int from, int to, long position, MatchSink sink) {
    // Locals, so the JIT keeps the tables in registers.
    final int denseCount = this.denseCount;
    final int[] dense = this.dense;
    final int[] depth = this.depth;
    final int[] longestMatch = this.longestMatch;
    final long[] prefixBits = this.prefixBits;
    final int prefixShift = this.prefixShift;
    final long base = position - from;
    final int lookaheadEnd = to - (PREFIX_LENGTH - 1);
    final long[] gramBits = this.gramBits;
    final int gramShift = this.gramShift;
    final int window = this.skipWindow;
    final int skipEnd = to - window;
    int s = cursor.state;
    long lastCandidate = cursor.lastCandidate;
    int i = from;
    while (i < to) {
      if (s == ROOT) {
        // Jumps first, while the look-ahead fits: a gram no pattern has near its start rules out
        // window - 3 starting positions at once.
        if (gramBits != null) {
          while (i <= skipEnd) {
            int gram = prefixHash(readInt(bytes, i + window - PREFIX_LENGTH), gramShift);
            if ((gramBits[gram >>> 6] & (1L << gram)) == 0) {
              i += window - PREFIX_LENGTH + 1;
              continue;
            }
            int hash = prefixHash(readInt(bytes, i), prefixShift);
            if ((prefixBits[hash >>> 6] & (1L << hash)) != 0 && confirmed(readInt(bytes, i))) {
              break;
            }
            i++;
          }
        }
        // The hot loop: in the start state, skip positions that cannot start a match.
        while (i < lookaheadEnd) {
          int hash = prefixHash(readInt(bytes, i), prefixShift);
          if ((prefixBits[hash >>> 6] & (1L << hash)) != 0 && confirmed(readInt(bytes, i))) {
            break;
          }
          i++;
        }
        if (i == to) {
          break;
        }
      }
      boolean candidate;
      if (i < lookaheadEnd) {
        int hash = prefixHash(readInt(bytes, i), prefixShift);
        candidate = (prefixBits[hash >>> 6] & (1L << hash)) != 0 && confirmed(readInt(bytes, i));
      } else {
        candidate = true;
      }
      if (candidate) {
        lastCandidate = base + i;
      }
      int b = bytes[i] & 0xff;
      s = s < denseCount ? dense[(s << 8) | b] : next(s, b);
      int length = longestMatch[s];
      if (length != 0) {
        sink.match(base + i + 1, length);
      }
      i++;
      if (lastCandidate < base + i - depth[s]) {
        s = ROOT; // every partial match here began at a position that cannot start one
      }
    }
    cursor.state = s;
    cursor.lastCandidate = lastCandidate;
  }

  /** The length of the longest pattern ending in this state, 0 if none. */
  int longestMatch(int state) {
    return longestMatch[state];
  }

  /** How many of the last bytes read are a prefix of some pattern. */
  int depth(int state) {
    return depth[state];
  }

  int maxPatternLength() {
    return maxPatternLength;
  }

  /** The length of the shortest pattern; {@link Integer#MAX_VALUE} when there is none. */
  int shortestPattern() {
    return shortestPattern;
  }

  int patternCount() {
    return patternCount;
  }

  int stateCount() {
    return depth.length;
  }
}

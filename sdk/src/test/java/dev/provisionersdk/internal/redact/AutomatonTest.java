package dev.provisionersdk.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The automaton against a naive search: at every position, the longest pattern ending there, for
 * pattern sets with the skip filter on (every pattern 8 bytes or longer) and off, on texts dense
 * with patterns, their prefixes and near misses, read in random chunks.
 */
class AutomatonTest {
  private static final int TRIALS = 400;

  @Test
  void findsExactlyWhatANaiveSearchFindsWithTheSkipFilterOn() {
    compareWithNaiveSearch(new Random(1), 8, 12, TRIALS);
  }

  @Test
  void findsExactlyWhatANaiveSearchFindsWithShortPatterns() {
    compareWithNaiveSearch(new Random(2), 4, 12, TRIALS);
  }

  /** Patterns of 2 and 3 bytes are shorter than the prefilter's 4-byte prefix: no filtering. */
  @Test
  void findsExactlyWhatANaiveSearchFindsWithPatternsShorterThanThePrefix() {
    compareWithNaiveSearch(new Random(3), 2, 12, TRIALS);
  }

  /** Past DENSE_STATE_LIMIT states the automaton follows sparse edge lists. */
  @Test
  void findsExactlyWhatANaiveSearchFindsWithMoreStatesThanTheDenseTable() {
    compareWithNaiveSearch(new Random(4), 8, 120, 40);
  }

  @Test
  void countsDistinctPatternsAndStates() {
    Automaton automaton =
        Automaton.build(List.of(bytes("abcd"), bytes("abcd"), bytes("abce"), bytes("xy")));

    assertThat(automaton.patternCount()).isEqualTo(3);
    assertThat(automaton.stateCount()).isEqualTo(1 + 5 + 2); // root, a-b-c-{d,e}, x-y
    int state = Automaton.ROOT;
    for (byte b : bytes("abcd")) {
      state = automaton.next(state, b);
    }
    assertThat(automaton.longestMatch(state)).isEqualTo(4);
    assertThat(automaton.depth(state)).isEqualTo(4);
    assertThat(automaton.maxPatternLength()).isEqualTo(4);
  }

  @Test
  void aPatternRightAfterALongJumpIsFound() {
    byte[] pattern = bytes("s3cr3t-Pa55word!");
    Automaton automaton = Automaton.build(List.of(pattern));
    for (int before = 0; before < 64; before++) {
      for (int after = 0; after < 20; after++) {
        byte[] text = bytes("x".repeat(before) + "s3cr3t-Pa55word!" + "y".repeat(after));
        assertThat(scan(automaton, text, new int[] {text.length}))
            .as("%d bytes before, %d after", before, after)
            .containsExactly(List.of(before + pattern.length, pattern.length));
      }
    }
  }

  private static void compareWithNaiveSearch(
      Random random, int minLength, int maxCount, int trials) {
    String alphabet = "abcAB=-";
    for (int trial = 0; trial < trials; trial++) {
      List<byte[]> patterns = new ArrayList<>();
      int count = 1 + random.nextInt(maxCount);
      for (int p = 0; p < count; p++) {
        patterns.add(bytes(randomString(random, alphabet, minLength + random.nextInt(17))));
      }
      StringBuilder text = new StringBuilder();
      while (text.length() < 2_000) {
        String pattern = new String(patterns.get(random.nextInt(count)), StandardCharsets.UTF_8);
        switch (random.nextInt(4)) {
          case 0 -> text.append(pattern);
          case 1 -> text.append(pattern, 0, 1 + random.nextInt(pattern.length() - 1)); // prefix
          case 2 -> text.append(pattern, random.nextInt(pattern.length()), pattern.length());
          default -> text.append(randomString(random, alphabet + "xyz \n", random.nextInt(40)));
        }
      }
      byte[] bytes = bytes(text.toString());
      Automaton automaton = Automaton.build(patterns);
      int[] cuts = randomCuts(random, bytes.length);
      assertThat(scan(automaton, bytes, cuts))
          .as("trial %d, patterns of %d+ bytes", trial, minLength)
          .isEqualTo(naive(patterns, bytes));
    }
  }

  /** (end, length) of the longest pattern ending at each position, scanned in chunks. */
  private static List<List<Integer>> scan(Automaton automaton, byte[] text, int[] cuts) {
    List<List<Integer>> matches = new ArrayList<>();
    Automaton.Cursor cursor = new Automaton.Cursor();
    int from = 0;
    for (int cut : cuts) {
      automaton.scan(
          cursor, text, from, cut, from, (end, length) -> matches.add(List.of((int) end, length)));
      from = cut;
    }
    return matches;
  }

  private static List<List<Integer>> naive(List<byte[]> patterns, byte[] text) {
    List<List<Integer>> matches = new ArrayList<>();
    for (int end = 1; end <= text.length; end++) {
      int longest = 0;
      for (byte[] pattern : patterns) {
        int start = end - pattern.length;
        if (start >= 0 && pattern.length > longest && regionEquals(text, start, pattern)) {
          longest = pattern.length;
        }
      }
      if (longest > 0) {
        matches.add(List.of(end, longest));
      }
    }
    return matches;
  }

  private static boolean regionEquals(byte[] text, int start, byte[] pattern) {
    for (int i = 0; i < pattern.length; i++) {
      if (text[start + i] != pattern[i]) {
        return false;
      }
    }
    return true;
  }

  private static int[] randomCuts(Random random, int length) {
    List<Integer> cuts = new ArrayList<>();
    int at = 0;
    while (at < length) {
      at = Math.min(length, at + 1 + random.nextInt(random.nextBoolean() ? 7 : 600));
      cuts.add(at);
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String randomString(Random random, String alphabet, int length) {
    StringBuilder value = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      value.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return value.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

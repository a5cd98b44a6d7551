package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input (from the case files and, when present, the corpus): analysis never throws, never hangs
 * (a generous guard, not a speed assertion), and the fast path never calls safe what the full classification finds
 * destructive. Reproducible: the seed is printed and can be set with {@code -Ddropguard.property.seed}.
 */
class AnalysisPropertyTest {
  private static final String[] FRAGMENTS = {
    "DROP", "TABLE", "DELETE", "FROM", "UPDATE", "SET", "WHERE", "TRUNCATE", "ALTER", "SELECT", "INSERT", "INTO",
    "VALUES", "WITH", "AS", "EXPLAIN", "ANALYZE", "DO", "BEGIN", "END", "EXECUTE", "IMMEDIATE", "PREPARE", "CALL",
    "EXEC", "MERGE", "USING", "ON", "FOR", "1", "0", "=", "--", "-", "#", "/*", "*/", "/*!", "/*!50000", "/*M!",
    "'", "\"", "`", "[", "]", "$$", "$a$", "E'", "q'[", "]'", "\\", ";", "(", ")", ",", ".", "\n", " ", "\u00a0",
    "\u3000", "\ufeff", "?", "$1", "@x", "{call", "}", "N'", "GO\n", "/\n", "IF", "EXISTS", "CASCADE", "t", "x.y"
  };
  private static final String[] UNICODE_SPACE = {"\u00a0", "\u2003", "\u3000", "\ufeff", "\u200b", "\u2028"};

  @Test
  void neverThrowsNeverHangsAndTheFastPathIsSound() throws Exception {
    long seed = Long.getLong("dropguard.property.seed", 20261201L);
    int iterations = Integer.getInteger("dropguard.property.iterations", 6000);
    System.out.println("AnalysisPropertyTest seed=" + seed + " iterations=" + iterations);
    Random rnd = new Random(seed);
    List<String> seeds = seeds(rnd);
    Dialect[] dialects = Dialect.values();
    Assertions.assertTimeoutPreemptively(Duration.ofMinutes(10), () -> {
      SqlAnalyzer analyzer = new SqlAnalyzer();
      for (int i = 0; i < iterations; i++) {
        String input = i % 5 == 0 ? random(rnd) : mutate(seeds.get(rnd.nextInt(seeds.size())), rnd);
        Dialect d = dialects[rnd.nextInt(dialects.length)];
        Analysis full;
        Analysis fast;
        try {
          full = analyzer.analyzeWithoutFastPath(input, d);
          fast = analyzer.analyze(input, d);
        } catch (RuntimeException | Error e) {
          throw new AssertionError("analysis threw on (" + d.id() + ") " + show(input), e);
        }
        Set<StatementKind> missing = java.util.EnumSet.copyOf(full.kinds().isEmpty()
            ? java.util.EnumSet.noneOf(StatementKind.class) : full.kinds());
        missing.removeAll(fast.kinds());
        assertTrue(missing.isEmpty(), "the fast path lost " + missing + " on (" + d.id() + ") " + show(input)
            + "\nfull:\n" + CaseFilesTest.describe(full) + "fast:\n" + CaseFilesTest.describe(fast));
        assertTrue(!HarmlessScan.harmless(input) || full.kinds().isEmpty(), "the one-pass scan called ("
            + d.id() + ") " + show(input) + " harmless\nfull:\n" + CaseFilesTest.describe(full));
      }
    });
  }

  private static String show(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      b.append(c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append('"').toString();
  }

  private static List<String> seeds(Random rnd) throws Exception {
    List<String> seeds = new ArrayList<>();
    for (CaseFilesTest.Case c : CaseFilesTest.loadAll()) {
      seeds.add(String.valueOf(c.fields().get("sql")));
    }
    String corpus = System.getProperty("dropguard.corpus");
    if (corpus != null && Files.isDirectory(Path.of(corpus))) {
      for (String f : List.of("postgres-regress.tsv.gz", "h2-scripts.tsv.gz")) {
        List<CorpusRegressionTest.Row> rows = CorpusRegressionTest.read(Path.of(corpus, f));
        for (int i = 0; i < 600 && !rows.isEmpty(); i++) {
          seeds.add(rows.get(rnd.nextInt(rows.size())).get("sql"));
        }
      }
    }
    seeds.add("SELECT * FROM t WHERE a = 'x' AND b = 2");
    seeds.add("INSERT INTO t VALUES (1, 'a')");
    return seeds;
  }

  private static String random(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = 1 + rnd.nextInt(30);
    for (int i = 0; i < n; i++) {
      b.append(FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
      if (rnd.nextInt(3) > 0) {
        b.append(' ');
      }
    }
    return b.toString();
  }

  static String mutate(String s, Random rnd) {
    String m = s;
    int rounds = 1 + rnd.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      int at = m.isEmpty() ? 0 : rnd.nextInt(m.length() + 1);
      switch (rnd.nextInt(9)) {
        case 0:
          m = m.substring(0, at) + " /* c */ " + m.substring(at);
          break;
        case 1:
          m = m.substring(0, at) + " -- c\n" + m.substring(at);
          break;
        case 2:
          m = rnd.nextBoolean() ? m.toUpperCase(Locale.ROOT) : m.toLowerCase(Locale.ROOT);
          break;
        case 3:
          m = m.replaceFirst(" ", UNICODE_SPACE[rnd.nextInt(UNICODE_SPACE.length)]);
          break;
        case 4:
          m = m.substring(0, at);
          break;
        case 5:
          m = m + (rnd.nextBoolean() ? "; " : " ") + FRAGMENTS[rnd.nextInt(FRAGMENTS.length)] + " TABLE t";
          break;
        case 6:
          m = m.substring(0, at) + FRAGMENTS[rnd.nextInt(FRAGMENTS.length)] + m.substring(at);
          break;
        case 7:
          m = "/*!50000 " + m + " */";
          break;
        default:
          m = "DO $$ BEGIN " + m + "; END $$";
      }
    }
    return m;
  }
}

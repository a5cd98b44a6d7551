package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real-world corpus ({@code ../shared/corpus}, path in the system property {@code dropguard.corpus}): zero misses
 * among the required rows, false alarms ratcheted against {@code corpus-baseline.properties} and under 1%, no
 * exception on any row. Prints the figures.
 */
class CorpusRegressionTest {
  private static final java.util.regex.Pattern DROP_WORD =
      java.util.regex.Pattern.compile("(?i)\\bdrop\\b");

  /** One labelled row. */
  record Row(Map<String, String> f) {
    String get(String k) {
      return f.getOrDefault(k, "");
    }

    boolean flag(String k) {
      return get(k).equals("true");
    }

    String tag() {
      return get("command_tag").toUpperCase(Locale.ROOT);
    }

    boolean dropTag() {
      String t = tag();
      return t.startsWith("DROP") || t.startsWith("TRUNCATE");
    }

    boolean alterTag() {
      return tag().startsWith("ALTER");
    }

    /** Required hit: unscoped DML, TRUNCATE, or a DROP/ALTER/TRUNCATE command that dropped something. */
    boolean required() {
      return flag("unscoped_dml") || flag("truncated")
          || (!get("dropped").isEmpty() && (dropTag() || alterTag()));
    }
  }

  /** Splits on tabs and unescapes each field in one left-to-right pass (README of the corpus). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        out.add(b.toString());
        b.setLength(0);
      } else if (c == '\\' && i + 1 < line.length()) {
        char e = line.charAt(++i);
        switch (e) {
          case 't':
            b.append('\t');
            break;
          case 'n':
            b.append('\n');
            break;
          case 'r':
            b.append('\r');
            break;
          default:
            b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    out.add(b.toString());
    return out;
  }

  static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> header = fields(r.readLine());
      String line;
      while ((line = r.readLine()) != null) {
        List<String> v = fields(line);
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < header.size() && i < v.size(); i++) {
          m.put(header.get(i), v.get(i));
        }
        rows.add(new Row(m));
      }
    }
    return rows;
  }

  static Path corpusDir() {
    String p = System.getProperty("dropguard.corpus");
    Path dir = p == null ? null : Path.of(p);
    if (dir == null || !Files.isDirectory(dir)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("the corpus is missing (system property dropguard.corpus = " + p + ")");
      }
      Assumptions.abort("the corpus is not there (dropguard.corpus = " + p + "); skipped");
    }
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres-regress.tsv.gz", "h2-scripts.tsv.gz"})
  void corpus(String name) throws Exception {
    Path file = corpusDir().resolve(name);
    List<Row> rows = read(file);
    Properties baseline = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/corpus-baseline.properties")) {
      baseline.load(in);
    }
    // a hang guard only (generous), not a speed assertion
    Assertions.assertTimeoutPreemptively(Duration.ofMinutes(10), () -> evaluate(name, rows, baseline));
  }

  private static void evaluate(String name, List<Row> rows, Properties baseline) {
    SqlAnalyzer analyzer = new SqlAnalyzer();
    // -Ddropguard.corpus.dialect=generic reads every row as that dialect: figures only, no assertions
    Dialect override = Dialect.fromId(System.getProperty("dropguard.corpus.dialect", "-")).orElse(null);
    int required = 0;
    int misses = 0;
    int benign = 0;
    int falseAlarms = 0;
    int alterNoOps = 0;
    int destructive = 0;
    int destructiveHit = 0;
    List<String> missed = new ArrayList<>();
    // known gaps, listed by id in the baseline: they only ratchet down
    java.util.Set<String> knownMisses = new java.util.TreeSet<>(java.util.Arrays.asList(
        baseline.getProperty(name + ".known_misses", "").split("[,\\s]+")));
    knownMisses.remove("");
    int knownMissed = 0;
    List<String> alarms = new ArrayList<>();
    for (Row row : rows) {
      Dialect d = override != null ? override : Dialect.fromId(row.get("dialect")).orElse(Dialect.GENERIC);
      String sql = row.get("sql");
      Analysis a;
      try {
        a = analyzer.analyze(sql, d);
      } catch (RuntimeException | Error e) {
        throw new AssertionError(row.get("id") + " threw " + e + " on: " + sql, e);
      }
      boolean flagged = a.isDestructive();
      if (row.flag("destructive")) {
        destructive++;
        if (flagged) {
          destructiveHit++;
        }
      }
      if (row.required()) {
        required++;
        if (!flagged && knownMisses.contains(row.get("id"))) {
          knownMissed++;
        } else if (!flagged) {
          misses++;
          missed.add(row.get("id") + " [" + row.get("command_tag") + " dropped=" + row.get("dropped") + "] "
              + abbreviate(sql));
        }
        continue;
      }
      if (row.flag("destructive") || row.flag("errored") || row.flag("txn_control")) {
        continue;
      }
      if (row.dropTag()) {
        continue; // a DROP/TRUNCATE that happened to change nothing (IF EXISTS of a missing object)
      }
      if (row.alterTag() && flagged && a.kinds().stream().allMatch(k -> k == StatementKind.ALTER_DROP)
          && DROP_WORD.matcher(sql).find()) {
        alterNoOps++; // an ALTER ... DROP that had no effect (DROP ... IF EXISTS of a missing part)
        continue;
      }
      benign++;
      if (flagged) {
        falseAlarms++;
        alarms.add(row.get("id") + " " + a.kinds() + " " + abbreviate(sql) + " :: "
            + a.statements().stream().flatMap(s -> s.findings().stream()).map(Finding::reason).findFirst()
                .orElse(""));
      }
    }
    double pct = benign == 0 ? 0 : 100.0 * falseAlarms / benign;
    System.out.printf(Locale.ROOT, "corpus %s: rows=%d required=%d misses=%d known_misses=%d benign=%d false_alarms=%d (%.2f%%) "
            + "alter_drop_no_ops=%d destructive=%d flagged=%d%n", name, rows.size(), required, misses, knownMissed, benign,
        falseAlarms, pct, alterNoOps, destructive, destructiveHit);
    missed.stream().limit(60).forEach(m -> System.out.println("  MISS " + m));
    alarms.stream().limit(Integer.getInteger("dropguard.corpus.show", 40))
        .forEach(m -> System.out.println("  FALSE ALARM " + m));
    if (override != null) {
      System.out.println("  (read as " + override.id() + ": figures only)");
      return;
    }
    String key = name + ".false_alarms";
    int allowed = Integer.parseInt(baseline.getProperty(key, "0"));
    if (falseAlarms < allowed) {
      System.out.println("  the baseline " + key + "=" + allowed + " can be lowered to " + falseAlarms);
    }
    if (knownMissed < knownMisses.size()) {
      System.out.println("  " + (knownMisses.size() - knownMissed) + " of the known misses " + knownMisses
          + " are hit now: remove them from " + name + ".known_misses");
    }
    assertEquals(0, misses, name + ": required rows missed:\n" + String.join("\n", missed));
    assertTrue(falseAlarms <= allowed, name + ": " + falseAlarms + " false alarms, the baseline allows " + allowed
        + "\n" + String.join("\n", alarms));
    assertTrue(pct < 1.0, name + ": false alarms " + pct + "% of " + benign + " benign rows");
  }

  private static String abbreviate(String sql) {
    String s = sql.replaceAll("\\s+", " ").strip();
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}

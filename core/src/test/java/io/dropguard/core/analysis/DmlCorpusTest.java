package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The DELETE/UPDATE rows of the labelled corpus, straight through DmlAnalyzer (crudely rendered: comments
 * dropped, whitespace collapsed). Every row whose plan touched every row of the target must come out
 * delete_all/update_all or unparsed; false alarms are counted and bounded.
 */
class DmlCorpusTest {
  private final DmlAnalyzer analyzer = new DmlAnalyzer();

  record Row(String id, Dialect dialect, String sql, boolean unscoped) {}

  @Test
  void everyUnscopedRowIsFlaggedAndFewScopedOnesAre() throws IOException {
    String dir = System.getProperty("dropguard.corpus", "../../shared/corpus");
    Path pg = Path.of(dir, "postgres-regress.tsv.gz");
    assumeTrue(Files.exists(pg), "corpus not found at " + dir);
    List<Row> rows = new ArrayList<>();
    rows.addAll(read(pg, Dialect.POSTGRES));
    rows.addAll(read(Path.of(dir, "h2-scripts.tsv.gz"), Dialect.H2));
    List<String> misses = new ArrayList<>();
    List<String> alarms = new ArrayList<>();
    List<String> unparsedRows = new ArrayList<>();
    int unparsed = 0;
    int fast = 0;
    List<String> fastDisagrees = new ArrayList<>();
    int unscoped = 0;
    for (Row r : rows) {
      DmlResult res = analyzer.analyze(r.sql(), r.dialect());
      if (DmlFastPath.scoped(r.sql())) {
        fast++;
        DmlResult full = analyzer.analyzeFully(r.sql(), r.dialect());
        if (!full.parsed() || !full.findings().isEmpty()) {
          fastDisagrees.add(r.id() + "  " + r.sql());
        }
      }
      if (r.unscoped()) {
        unscoped++;
      }
      if (!res.parsed()) {
        unparsed++;
        unparsedRows.add(r.id() + "  " + r.sql() + "\n      -> " + res.problem());
        continue;
      }
      boolean flagged = !res.findings().isEmpty();
      if (r.unscoped() && !flagged) {
        misses.add(r.id() + "  " + r.sql());
      } else if (!r.unscoped() && flagged) {
        alarms.add(r.id() + "  " + r.sql() + "\n      -> " + res.findings().get(0).reason());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "DmlCorpusTest: %d DELETE/UPDATE rows (%d unscoped), %d unparsed, %d misses, %d alarms on scoped rows%n",
        rows.size(), unscoped, unparsed, misses.size(), alarms.size());
    misses.forEach(m -> System.out.println("  MISS  " + m));
    alarms.forEach(a -> System.out.println("  ALARM " + a));
    unparsedRows.forEach(a -> System.out.println("  UNPARSED " + a));
    System.out.println("DmlCorpusTest: " + fast + " rows decided by the parser-free fast path");
    assertEquals(List.of(), fastDisagrees, "the fast path called these scoped, the full analysis did not");
    assertEquals(List.of(), misses);
    assertTrue(alarms.size() <= BASELINE_ALARMS, "false alarms rose to " + alarms.size());
  }

  /** Alarms on rows labelled scoped; most are intended (id = id, LIMIT without WHERE, MERGE; see README.md, Unscoped DELETE and UPDATE). */
  private static final int BASELINE_ALARMS = 37;

  private static final java.util.regex.Pattern DML_HEAD =
      java.util.regex.Pattern.compile("(?i)(DELETE|UPDATE|WITH|MERGE|\\()\\b?");

  private static List<Row> read(Path file, Dialect dialect) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String[] header = in.readLine().split("\t", -1);
      int id = indexOf(header, "id");
      int sql = indexOf(header, "sql");
      int unscoped = indexOf(header, "unscoped_dml");
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", -1);
        String label = f[unscoped];
        if (!label.equals("true") && !label.equals("false")) {
          continue;
        }
        String text = render(unescape(f[sql]));
        if (text == null || !DML_HEAD.matcher(text).lookingAt()) {
          continue; // EXECUTE of a prepared DML and the like: the lexer's business
        }
        rows.add(new Row(f[id], dialect, text, label.equals("true")));
      }
    }
    return rows;
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }

  static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Comments out, whitespace collapsed outside quotes, trailing semicolon off; null for multi-statement text. */
  static String render(String sql) {
    StringBuilder b = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        b.append(c);
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        b.append(c);
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        while (i < sql.length() && sql.charAt(i) != '\n') {
          i++;
        }
        b.append(' ');
      } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 1;
        b.append(' ');
      } else if (Character.isWhitespace(c)) {
        if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
          b.append(' ');
        }
      } else {
        b.append(c);
      }
    }
    String s = b.toString().strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s.contains(";") || s.isEmpty() ? null : s;
  }
}

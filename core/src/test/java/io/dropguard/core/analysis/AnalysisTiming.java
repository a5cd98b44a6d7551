package io.dropguard.core.analysis;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Time per analysis, printed (never asserted). Not a {@code *Test}, so the build does not run it; run it with
 * {@code mvn -B -q -pl core -am test -Dtest=AnalysisTiming -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AnalysisTiming {
  private static final String SELECT = "SELECT r.id, r.sensor, r.value, s.name FROM readings r JOIN sensors s ON "
      + "s.id = r.sensor WHERE r.taken_at > ? AND s.site = 'north-%d' ORDER BY r.taken_at DESC LIMIT 100";
  private static final String DELETE = "DELETE FROM readings WHERE sensor = %d AND taken_at < ?";
  private static final String DROP = "DROP TABLE IF EXISTS staging_%d, archive_%d CASCADE";

  @Test
  void measure() {
    main(new String[0]);
  }

  public static void main(String[] args) {
    SqlAnalyzer a = new SqlAnalyzer();
    for (int r = 0; r < 2; r++) { // the first round warms the JIT up
      final int round = r;
      boolean print = round == 1;
      String cached = String.format(DELETE, 1);
      a.analyze(cached, Dialect.POSTGRES);
      time("cached statement (DELETE ... WHERE, exact text seen before)", 200_000, print,
          i -> a.analyze(cached, Dialect.POSTGRES));
      time("SELECT on the fast path (fresh text each time)", 100_000, print,
          i -> a.analyze(String.format(SELECT, i + round * 1_000_000), Dialect.POSTGRES));
      time("fresh DELETE with a WHERE (full DML analysis)", 10_000, print,
          i -> a.analyze(String.format(DELETE, i + 10 + round * 1_000_000), Dialect.POSTGRES));
      time("  of which: lexing the SELECT", 100_000, print,
          i -> SqlLexer.lex(String.format(SELECT, i), LexRules.POSTGRES));
      time("  of which: formatting the test string", 100_000, print, i -> String.format(SELECT, i));
      time("fresh DROP TABLE (token classifier)", 100_000, print,
          i -> a.analyze(String.format(DROP, i + round * 1_000_000, i), Dialect.POSTGRES));
    }
  }

  private interface Op {
    void run(int i);
  }

  private static void time(String what, int n, boolean print, Op op) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.run(i);
    }
    long ns = (System.nanoTime() - t0) / n;
    if (print) {
      System.out.printf(Locale.ROOT, "%-62s %8.2f us per analysis (%d runs)%n", what, ns / 1000.0, n);
    }
  }
}

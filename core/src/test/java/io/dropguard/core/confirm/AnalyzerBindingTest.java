package io.dropguard.core.confirm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.SqlAnalyzer;
import io.dropguard.core.analysis.StatementAnalysis;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token binding through the real analyzer: its normalised text is what a token binds to. */
class AnalyzerBindingTest {
  @TempDir Path stateDir;

  static StatementAnalysis analyze(String sql) {
    return SqlAnalyzer.shared().analyze(sql, Dialect.POSTGRES).statements().get(0);
  }

  @Test
  void reformattingKeepsTheTokenAndAnotherTargetOrPredicateLosesIt() {
    TokenConfirmer c = new TokenConfirmer(new ConfirmSettings(stateDir, null, Clock.systemUTC()), () -> null);
    String t = Fixtures.tokenOf(c.confirm(Fixtures.request(analyze("DELETE FROM orders WHERE 1=1"), Fixtures.PG)));
    assertFalse(c.confirm(Fixtures.presenting(analyze("DELETE FROM orders WHERE 1=2"), Fixtures.PG, t, "api")).confirmed());
    assertFalse(c.confirm(Fixtures.presenting(analyze("DELETE FROM orders_old WHERE 1=1"), Fixtures.PG, t, "api")).confirmed());
    assertTrue(c.confirm(Fixtures.presenting(
        analyze("/* dropguard:confirm=" + t + " */ delete\n  from /* all */ ORDERS   where 1=1 -- reset\n"), Fixtures.PG, null, null))
        .confirmed());
  }
}

package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class SqlAnalyzerTest {
  private final SqlAnalyzer analyzer = new SqlAnalyzer();

  @Test
  void cacheIsKeyedByTheExactTextSoLiteralsNeverShareAVerdict() {
    Analysis a = analyzer.analyze("DELETE FROM t WHERE id = 5 OR 'a'='b'", Dialect.POSTGRES);
    Analysis b = analyzer.analyze("DELETE FROM t WHERE id = 5 OR 'a'='a'", Dialect.POSTGRES);
    assertNotSame(a, b);
    assertFalse(a.kinds().contains(StatementKind.DELETE_ALL), CaseFilesTest.describe(a));
    assertTrue(b.isDestructive(), CaseFilesTest.describe(b));
    assertSame(a, analyzer.analyze("DELETE FROM t WHERE id = 5 OR 'a'='b'", Dialect.POSTGRES));
  }

  @Test
  void cacheIsBounded() {
    AnalysisCache cache = new AnalysisCache(32, 10_000);
    Analysis empty = new Analysis(java.util.List.of());
    for (int i = 0; i < 1000; i++) {
      cache.put("SELECT " + i, Dialect.H2, empty);
    }
    int kept = 0;
    for (int i = 0; i < 1000; i++) {
      if (cache.get("SELECT " + i, Dialect.H2) != null) {
        kept++;
      }
    }
    assertTrue(kept <= 32, "kept " + kept);
    assertTrue(kept > 0);
    assertEquals(null, cache.get("SELECT 1", Dialect.POSTGRES));
  }

  @Test
  void normalizedDropsCommentsFoldsWordsKeepsLiterals() {
    StatementAnalysis s = analyzer.analyze("/* dropguard:confirm=AB12 */ DELETE  FROM Readings\n WHERE Note = 'Keep Me'",
        Dialect.POSTGRES).statements().get(0);
    assertEquals("delete from readings where note = 'Keep Me'", s.normalized());
    assertTrue(s.text().startsWith("/* dropguard:confirm=AB12 */"), s.text());
  }

  @Test
  void hugeInputIsBoundedAndFailsClosedOnlyWhenItCouldDestroy() {
    Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      String parens = "SELECT " + "(".repeat(300_000) + "1" + ")".repeat(300_000);
      assertFalse(analyzer.analyze(parens, Dialect.POSTGRES).isDestructive());
      String deep = "DELETE FROM t WHERE " + "(".repeat(300_000) + "1";
      assertTrue(analyzer.analyze(deep, Dialect.POSTGRES).isDestructive());
      String many = "DROP TABLE a, ".repeat(200_000) + "b";
      assertEquals(Set.of(StatementKind.UNPARSEABLE), analyzer.analyze(many, Dialect.POSTGRES).kinds());
      StringBuilder select = new StringBuilder("SELECT 1");
      for (int i = 0; i < 100_000; i++) {
        select.append(", col").append(i);
      }
      assertFalse(analyzer.analyze(select.append(" FROM t").toString(), Dialect.MYSQL).isDestructive());
      String statements = "DELETE FROM t;".repeat(2_000);
      assertTrue(analyzer.analyze(statements, Dialect.MYSQL).kinds().contains(StatementKind.DELETE_ALL));
    });
  }

  @Test
  void nullAndEmpty() {
    assertTrue(analyzer.analyze(null, null).statements().isEmpty());
    assertTrue(analyzer.analyze("  ;; ", Dialect.H2).statements().isEmpty());
  }

  @Test
  void executeOfAPreparedDestructiveStatementSaysSo() {
    analyzer.analyze("PREPARE wipe AS DELETE FROM t", Dialect.POSTGRES);
    Analysis a = analyzer.analyze("EXECUTE wipe", Dialect.POSTGRES);
    assertEquals(Set.of(StatementKind.DELETE_ALL), a.kinds(), CaseFilesTest.describe(a));
    Analysis other = analyzer.analyze("EXECUTE some_select", Dialect.POSTGRES);
    assertFalse(other.isDestructive());
    assertTrue(other.statements().get(0).isOpaque());
  }
}

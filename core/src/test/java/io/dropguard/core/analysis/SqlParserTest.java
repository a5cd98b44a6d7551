package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlParserTest {
  @Test
  void shortStatementsParseOnTheCallersThread() {
    SqlParser.Result r = SqlParser.parse("DELETE FROM t WHERE id = 42", Dialect.POSTGRES);
    assertTrue(r.parsed(), r::problem);
  }

  @Test
  void longStatementsParseOnTheBoundedPoolAndLeaveOnlyDaemonThreads() {
    StringBuilder sql = new StringBuilder("DELETE FROM t WHERE id IN (0");
    for (int i = 1; i < 1500; i++) {
      sql.append(", ").append(i);
    }
    sql.append(")");
    assertTrue(sql.length() > SqlParser.INLINE_LENGTH);
    SqlParser.Result r = SqlParser.parse(sql.toString(), Dialect.POSTGRES);
    assertTrue(r.parsed(), r::problem);
    SqlParser.parse("DELETE FROM t WHERE " + "(".repeat(20) + "a = 1" + ")".repeat(20), Dialect.POSTGRES);
    List<String> nonDaemon =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && !t.isDaemon())
            .map(Thread::getName)
            .filter(n -> !n.equals("main") && !n.startsWith("surefire") && !n.startsWith("junit"))
            .collect(Collectors.toList());
    assertEquals(List.of(), nonDaemon, "parsing must not leave non-daemon threads");
    Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
    for (Thread t : all.keySet()) {
      if (t.getName().startsWith("dropguard-sql-parser-")) {
        assertTrue(t.isDaemon(), t.getName());
      }
    }
  }

  @Test
  void boundsAreReportedAsProblemsNeverThrown() {
    assertFalse(SqlParser.parse("x".repeat(SqlParser.MAX_LENGTH + 1), Dialect.MYSQL).parsed());
    SqlParser.Result deep =
        SqlParser.parse("DELETE FROM t WHERE " + "(".repeat(100) + "1" + ")".repeat(100), Dialect.POSTGRES);
    assertFalse(deep.parsed());
    assertTrue(deep.problem().contains("nested too deeply"), deep.problem());
    assertFalse(SqlParser.parse("DELETE FROM WHERE", Dialect.H2).parsed());
    assertFalse(SqlParser.parse("", Dialect.H2).parsed());
    assertFalse(SqlParser.parse(null, Dialect.H2).parsed());
  }

  @Test
  void squareBracketsAreNamesInSqlServer() {
    assertTrue(SqlParser.parse("DELETE FROM [dbo].[t] WHERE [id] = 1", Dialect.SQLSERVER).parsed());
  }
}

package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DmlAnalyzer on statements in the lexer's rendered form (single spaces, no comments, no trailing ;). */
class DmlAnalyzerTest {
  private final DmlAnalyzer analyzer = new DmlAnalyzer();

  private DmlResult run(String sql, Dialect d) {
    DmlResult r = analyzer.analyze(sql, d);
    assertTrue(r.parsed(), () -> "not parsed: " + sql + " -> " + r.problem());
    return r;
  }

  private String kinds(DmlResult r) {
    return r.findings().stream().map(f -> f.kind().id() + ":" + f.targets()).collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "[{index}] {1}: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DELETE FROM readings | postgres | delete_all:[readings]",
        "DELETE FROM readings WHERE 1 = 1 | postgres | delete_all:[readings]",
        "DELETE FROM t WHERE true | postgres | delete_all:[t]",
        "DELETE FROM t WHERE 'a' = 'a' | postgres | delete_all:[t]",
        "DELETE FROM t WHERE x OR NOT x | postgres | delete_all:[t]",
        "DELETE FROM t WHERE x IS NULL OR x IS NOT NULL | postgres | delete_all:[t]",
        "DELETE FROM t WHERE 1 IN ( 1 , 2 ) | postgres | delete_all:[t]",
        "DELETE FROM t WHERE NOT FALSE | postgres | delete_all:[t]",
        "DELETE FROM t WHERE 1 | mysql | delete_all:[t]",
        "DELETE FROM t WHERE 0 - - 1 | mysql | delete_all:[t]",
        "DELETE FROM t WHERE '1abc' | mysql | delete_all:[t]",
        "DELETE FROM t WHERE ? = ? | postgres | delete_all:[t]",
        "DELETE FROM t WHERE $1 = $1 | postgres | delete_all:[t]",
        "DELETE FROM t WHERE EXISTS ( SELECT 1 ) | postgres | delete_all:[t]",
        "DELETE FROM t WHERE ( SELECT count(*) FROM u ) > 0 | postgres | delete_all:[t]",
        "DELETE FROM t USING u WHERE u.x = 1 | postgres | delete_all:[t]",
        "DELETE FROM t WHERE id = id | postgres | delete_all:[t]",
        "DELETE FROM t WHERE a = 1 OR 1 = 1 | postgres | delete_all:[t]",
        "DELETE FROM t WHERE x = 5 OR x <> 5 | postgres | delete_all:[t]",
        "DELETE FROM t WHERE x > 5 OR x <= 5 | postgres | delete_all:[t]",
        "DELETE FROM t LIMIT 10 | mysql | delete_all:[t]",
        "DELETE FROM t ORDER BY id LIMIT 10 | mysql | delete_all:[t]",
        "DELETE TOP ( 10 ) FROM t | sqlserver | delete_all:[t]",
        "UPDATE t SET a = 1 | postgres | update_all:[t]",
        "UPDATE t SET a = 1 WHERE 1 = 1 | postgres | update_all:[t]",
        "UPDATE t SET a = 1 LIMIT 5 | mysql | update_all:[t]",
        "UPDATE t SET a = 1 FROM u WHERE u.id = 1 | postgres | update_all:[t]",
        "UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = 1 | mysql | ",
        "UPDATE t1 LEFT JOIN t2 ON t1.id = t2.id SET t1.a = 1 | mysql | update_all:[t1]",
        "DELETE t1 , t2 FROM t1 JOIN t2 ON t1.id = t2.id | mysql | ",
        "DELETE t1 , t2 FROM t1 , t2 WHERE t2.x = 1 | mysql | delete_all:[t1]",
        "DELETE t1 FROM t1 LEFT JOIN t2 ON t1.id = t2.id WHERE t2.id IS NULL | mysql | delete_all:[t1]",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE | postgres | delete_all:[t]",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND t.kind = 'old' THEN DELETE | postgres | ",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v | postgres | ",
        "MERGE INTO t USING s ON 1 = 1 WHEN MATCHED THEN UPDATE SET v = s.v | postgres | update_all:[t]",
        "WITH d AS ( DELETE FROM t RETURNING * ) SELECT * FROM d | postgres | delete_all:[t]",
        "WITH a AS ( WITH d AS ( UPDATE t SET x = 1 RETURNING * ) SELECT * FROM d ) SELECT * FROM a | postgres | update_all:[t]",
        "WITH d AS ( DELETE FROM t WHERE id = 1 RETURNING * ) INSERT INTO log SELECT * FROM d | postgres | ",
        "INSERT INTO t SELECT * FROM u | postgres | ",
        "DELETE FROM t WHERE id = ? | postgres | ",
        "DELETE FROM t WHERE id = 42 | postgres | ",
        "DELETE FROM t WHERE a = 1 AND 1 = 1 | postgres | ",
        "DELETE FROM t WHERE a = 1 OR b = 2 | postgres | ",
        "DELETE FROM t WHERE NOT ( a = 1 OR b = 2 ) | postgres | ",
        "DELETE FROM t WHERE deleted_at IS NOT NULL | postgres | ",
        "DELETE FROM t WHERE EXISTS ( SELECT 1 FROM u WHERE u.tid = t.id ) | postgres | ",
        "DELETE FROM t x WHERE EXISTS ( SELECT 1 FROM u WHERE u.tid = x.id ) | postgres | ",
        "DELETE FROM t WHERE id IN ( SELECT tid FROM u ) | postgres | ",
        "DELETE FROM t WHERE CURRENT OF c | postgres | ",
        "UPDATE t SET a = 1 WHERE CURRENT OF c | postgres | ",
        "DELETE FROM t WHERE false | postgres | ",
        "DELETE FROM t WHERE 1 = 0 | postgres | ",
        "DELETE FROM t WHERE 0 | mysql | ",
        "DELETE FROM t USING u WHERE t.id = u.tid | postgres | ",
        "DELETE FROM t WHERE lower(name) = 'x' | postgres | ",
        "DELETE FROM t WHERE a < b | postgres | ",
        "DELETE FROM t WHERE a BETWEEN 1 AND 5 | postgres | ",
        "DELETE FROM t WHERE name LIKE 'a%' | postgres | ",
        "DELETE FROM ONLY t WHERE a = 1 | postgres | ",
        "DELETE FROM t WHERE ( a , b ) IN ( ( 1 , 2 ) ) | postgres | ",
        "DELETE FROM t WHERE a = 1 OR a IS NULL | postgres | ",
        "DELETE FROM t WHERE active | postgres | ",
        "DELETE FROM t WHERE col | mysql | ",
        "DELETE FROM t WHERE ? IS NULL OR id = ? | postgres | delete_all:[t]",
        "DELETE FROM t USING u WHERE t.id = u.id OR u.flag | postgres | delete_all:[t]",
        "DELETE FROM t WHERE coalesce ( x , 0 ) = coalesce ( x , 0 ) | postgres | delete_all:[t]",
        "DELETE FROM t WHERE lower ( x ) = 'a' OR upper ( x ) <> 'a' | postgres | ",
        "DELETE FROM t WHERE random ( ) = random ( ) | postgres | delete_all:[t]",
        "DELETE FROM t WHERE x LIKE '%' | postgres | delete_all:[t]",
        "DELETE FROM t WHERE 'abc' | mysql | delete_all:[t]",
        "DELETE FROM t WHERE EXISTS ( SELECT 1 FROM t WHERE t.a = 1 ) | postgres | delete_all:[t]",
        "DELETE FROM t WHERE EXISTS ( SELECT 1 FROM t t2 WHERE t2.a = t.a AND t2.id > t.id ) | postgres | ",
        "DELETE FROM t WHERE substring ( ctid :: text FROM 'x' ) :: integer > 10 | postgres | ",
        "DELETE FROM t WHERE CURRENT_USER = SESSION_USER | postgres | delete_all:[t]",
        "DELETE FROM t WHERE a > 5 AND a < 3 | postgres | ",
        "DELETE FROM t WHERE x = NULL | postgres | ",
        "DELETE FROM t FROM t JOIN u ON t.id = u.id | sqlserver | ",
        "MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE | sqlserver | delete_all:[t]",
        "MERGE INTO t USING s ON ( t.id = s.id ) WHEN MATCHED THEN UPDATE SET t.v = s.v DELETE WHERE t.v = 0 | oracle | ",
        "MERGE INTO t USING s ON ( t.id = s.id ) WHEN MATCHED THEN UPDATE SET t.v = s.v DELETE WHERE 1 = 1 | oracle | delete_all:[T]",
        "DELETE FROM t WHERE id = 1 FETCH FIRST 2 ROWS ONLY | h2 | ",
        "DELETE FROM t FETCH FIRST 2 ROWS ONLY | h2 | delete_all:[T]",
        "WITH c AS ( SELECT max ( id ) AS maxid FROM t ) DELETE FROM t USING c WHERE id = maxid | postgres | ",
        "UPDATE t SET a = a + 1 FROM u WHERE a = u.id | postgres | ",
        "UPDATE arr SET a [ 1 ] = 5 WHERE id = 1 | postgres | ",
        "UPDATE arr SET a [ 1 ] = 5 | postgres | update_all:[arr]",
        "DELETE FROM t WHERE a = 1 OR b = ? OR c IS NULL | postgres | ",
        "DELETE FROM t WHERE b = true OR b = false | postgres | delete_all:[t]",
        "DELETE FROM t WHERE a = 1 OR a = 2 | postgres | ",
        "DELETE FROM t WHERE a IS NULL OR b = 1 OR a IS NOT NULL | postgres | delete_all:[t]",
        "DELETE FROM t WHERE a IN ( 1 , 2 ) OR true | postgres | delete_all:[t]",
        "DELETE FROM t WHERE a IN ( SELECT a FROM u ) AND b = 1 OR c = 2 | postgres | ",
        "DELETE FROM t WHERE a IS NOT DISTINCT FROM a | postgres | delete_all:[t]",
        "DELETE FROM t WHERE a IS DISTINCT FROM 1 | postgres | ",
      })
  void decides(String sql, String dialect, String expected) {
    DmlResult r = run(sql, Dialect.fromId(dialect).orElseThrow());
    assertEquals(expected == null ? "" : expected, kinds(r), () -> r.findings().toString());
  }

  @Test
  void targetsAreFoldedPerDialectAndAliasesResolved() {
    assertEquals(List.of(ObjectName.of("public", "readings")),
        run("DELETE FROM Public.Readings r WHERE 1 = 1", Dialect.POSTGRES).findings().get(0).targets());
    assertEquals(List.of(ObjectName.of("READINGS")),
        run("DELETE FROM readings", Dialect.H2).findings().get(0).targets());
    assertEquals(List.of(ObjectName.of("My T")),
        run("DELETE FROM \"My T\"", Dialect.POSTGRES).findings().get(0).targets());
    assertEquals(List.of(ObjectName.of("Readings")),
        run("DELETE FROM `Readings`", Dialect.MYSQL).findings().get(0).targets());
    assertEquals(List.of(ObjectName.of("orders")),
        run("DELETE o FROM orders o JOIN items i ON 1 = 1", Dialect.MYSQL).findings().get(0).targets());
    assertEquals(List.of(ObjectName.of("orders")),
        run("UPDATE o SET x = 1 FROM orders o JOIN items i ON i.x = 1", Dialect.SQLSERVER).findings().get(0).targets());
  }

  @Test
  void reasonsSayWhy() {
    assertEquals("WHERE 1 = 1 is always true", reason("DELETE FROM readings WHERE 1 = 1", Dialect.POSTGRES));
    assertTrue(reason("DELETE FROM t", Dialect.POSTGRES).startsWith("no WHERE clause"));
    assertTrue(reason("DELETE FROM t USING u WHERE u.x = 1", Dialect.POSTGRES)
        .startsWith("the WHERE only tests the joined table u, not rows of t"));
    assertTrue(reason("DELETE FROM t WHERE id = id", Dialect.POSTGRES).contains("compares a value with itself"));
    assertTrue(reason("DELETE FROM t WHERE EXISTS ( SELECT 1 )", Dialect.POSTGRES).contains("subquery does not refer"));
    assertTrue(reason("DELETE FROM t WHERE ? = ?", Dialect.POSTGRES).contains("only parameters"));
    assertTrue(reason("DELETE FROM t LIMIT 10", Dialect.MYSQL).contains("LIMIT 10"));
  }

  private String reason(String sql, Dialect d) {
    List<Finding> f = run(sql, d).findings();
    assertEquals(1, f.size(), f::toString);
    return f.get(0).reason();
  }

  @ParameterizedTest(name = "[{index}] fast path: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DELETE FROM t WHERE id = 42 | true",
        "DELETE FROM public.t AS x WHERE x.id = ? AND x.tenant = 'a''b' | true",
        "UPDATE t SET a = 1 , b = ? , c = d WHERE id IN ( 1 , 2 , - 3 ) AND k IS NOT NULL | true",
        "DELETE FROM t WHERE name LIKE 'a%' AND d BETWEEN 1 AND 2 | true",
        "DELETE FROM t WHERE name LIKE '%' | false",
        "DELETE FROM t WHERE id = id | false",
        "DELETE FROM t WHERE 1 = 1 | false",
        "DELETE FROM t WHERE id = 1 OR 1 = 1 | false",
        "DELETE FROM t WHERE true = 1 | false",
        "DELETE FROM t WHERE current_user = 'x' | false",
        "DELETE FROM t WHERE rownum = 1 | false",
        "DELETE FROM t WHERE id = 1 - - 1 | false",
        "DELETE FROM t WHERE id = E'x' | false",
        "DELETE FROM t WHERE id = 'a\\' OR 1=1 --' | false",
        "DELETE FROM t WHERE f ( id ) = 1 | false",
        "DELETE FROM t WHERE id = 1 LIMIT 1 | false",
        "DELETE FROM t WHERE CURRENT OF c | false",
        "DELETE FROM t | false",
        "DELETE FROM t USING u WHERE t.id = 1 | false",
      })
  void fastPathOnlyAcceptsPlainlyScopedShapes(String sql, boolean fast) {
    assertEquals(fast, DmlFastPath.scoped(sql));
    if (fast) {
      DmlResult full = analyzer.analyzeFully(sql, Dialect.POSTGRES);
      assertTrue(full.parsed() && full.findings().isEmpty(), () -> full.toString());
    }
  }

  /** Whatever a scoped condition is, OR-ing or AND-NOT-ing a tautology onto it must never read as scoped. */
  @ParameterizedTest(name = "[{index}] {0} OR 1 = 1")
  @CsvSource(
      delimiter = '|',
      value = {
        "a IN ( 1 , 2 )", "a NOT IN ( 1 , 2 )", "a IN ( SELECT a FROM u )", "a NOT IN ( SELECT a FROM u )",
        "a IN ( ( SELECT a FROM u ) )", "a BETWEEN 1 AND 2", "a NOT BETWEEN 1 AND 2", "a LIKE 'x%'",
        "a NOT LIKE 'x%'", "a ILIKE 'x%'", "a SIMILAR TO 'x'", "a IS NULL", "a IS NOT NULL", "a = ( SELECT max ( a ) FROM u )",
        "EXISTS ( SELECT 1 FROM u WHERE u.a = t.a )", "a = ANY ( ARRAY [ 1 , 2 ] )", "a = 1", "a <> 1", "a > 1",
        "a :: int = 1", "lower ( a ) = 'x'", "CASE WHEN a = 1 THEN true ELSE false END", "( a , b ) IN ( ( 1 , 2 ) )",
        "a = 1 AND b = 2", "a IS DISTINCT FROM 1", "a IS TRUE", "a ~ 'x'", "a @> ARRAY [ 1 ]",
      })
  void aTautologyOrdOntoAnyConditionIsUnscoped(String condition) {
    for (String shape : new String[] {"%s OR 1 = 1", "%s OR true", "%s OR ? IS NULL", "1 = 1 OR %s", "( %s ) OR true",
        "NOT ( %s AND false )", "%s OR NOT false", "%s OR 1"}) {
      String sql = "DELETE FROM t WHERE " + shape.replace("%s", condition);
      DmlResult r = analyzer.analyze(sql, Dialect.POSTGRES);
      assertTrue(!r.parsed() || !r.findings().isEmpty(), () -> sql + " was called scoped");
    }
  }

  @Test
  void sharedAcrossThreadsGivesTheSameAnswers() throws Exception {
    String[] sqls = {"DELETE FROM t WHERE id = 1", "DELETE FROM t WHERE a = 1 OR 1 = 1", "UPDATE t SET a = 1",
        "DELETE FROM t WHERE x > 5 OR x <= 5", "DELETE FROM t WHERE a = 1 OR b = 2"};
    List<String> expected = new java.util.ArrayList<>();
    for (String s : sqls) {
      expected.add(kinds(run(s, Dialect.POSTGRES)));
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> futures = new java.util.ArrayList<>();
      for (int n = 0; n < 4; n++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            int k = i % sqls.length;
            if (!kinds(analyzer.analyze(sqls[k], Dialect.POSTGRES)).equals(expected.get(k))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (java.util.concurrent.Future<Boolean> f : futures) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void mutatedInputNeverThrows() {
    String[] seeds = {"DELETE FROM t WHERE id = 1 AND ( a = 2 OR b IN ( 1 , 2 ) )",
        "UPDATE t SET a = ( SELECT max ( x ) FROM u WHERE u.id = t.id ) WHERE EXISTS ( SELECT 1 )",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND t.x = 1 THEN DELETE",
        "WITH d AS ( DELETE FROM t RETURNING * ) SELECT * FROM d"};
    java.util.Random random = new java.util.Random(42);
    String alphabet = "()'\",=<>?$:;.-*ANDORNOTWHERESELECT 01";
    for (int i = 0; i < 400; i++) {
      StringBuilder b = new StringBuilder(seeds[i % seeds.length]);
      for (int m = 0; m < 1 + random.nextInt(4); m++) {
        int at = random.nextInt(b.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> { if (at < b.length()) b.deleteCharAt(at); }
          default -> b.insert(at, " OR 1 = 1 ");
        }
      }
      String sql = b.toString();
      DmlResult r = analyzer.analyze(sql, Dialect.values()[i % Dialect.values().length]);
      assertTrue(r.parsed() || r.problem() != null, sql);
    }
  }

  @Test
  void garbageNeverThrows() {
    for (String s : new String[] {"", " ", "DELETE", "DELETE FROM", "UPDATE SET", "((((((", "DELETE FROM t WHERE (((((((((((((((((((((((((((((((((((a = 1",
        "DELETE FROM t WHERE " + "(".repeat(500) + "1" + ")".repeat(500), "\u0000\uffff", "MERGE INTO", "WITH d AS ( DELETE"}) {
      DmlResult r = analyzer.analyze(s, Dialect.POSTGRES);
      assertFalse(r.parsed() && !r.findings().isEmpty() && r.problem() != null);
    }
    assertFalse(analyzer.analyze(null, Dialect.MYSQL).parsed());
    assertFalse(analyzer.analyze("DELETE FROM t WHERE", null).parsed());
  }
}

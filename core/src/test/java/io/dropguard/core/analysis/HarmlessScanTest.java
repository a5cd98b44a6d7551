package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass scan: sound against the full analysis everywhere, and useful on the everyday statements. */
class HarmlessScanTest {
  private final SqlAnalyzer analyzer = new SqlAnalyzer();

  @ParameterizedTest
  @ValueSource(strings = {
    "SELECT name, balance FROM bench_account WHERE id = 7 AND balance > -12345",
    "INSERT INTO bench_log (id, payload) VALUES (42, 'p42')",
    "select u.id, u.name from users u where u.name = 'O''Brien' and u.created_at > ?",
    "SELECT \"order\".\"id\" FROM \"order\" WHERE \"order\".total >= 10.5 ORDER BY 1 LIMIT 20",
    "(SELECT 1) UNION ALL (SELECT 2)",
    "INSERT INTO t (a, b) SELECT a, b FROM s WHERE a <> 'drop table t'",
    "SELECT count(*) FROM t WHERE note = 'DELETE FROM t; -- not code'",
    "VALUES (1, 2)",
    "SHOW TABLES",
    "SELECT x::text, y % 2 FROM t\nWHERE z IS NOT NULL\tAND w = :name",
    "DELETE FROM bench_log WHERE id = 42 AND payload = 'p42'",
    "UPDATE bench_account SET balance = 17 WHERE id = 17",
    "update accounts set name = ?, note = 'x' where tenant = 7 and id in (1, 2)",
    "CREATE TABLE bench_tmp_7 (id INT PRIMARY KEY, v VARCHAR(20))",
    "create unique index t_a on t (a, b)",
    "CREATE GLOBAL TEMPORARY TABLE t (a int) ",
    "CREATE SEQUENCE s START WITH 10",
    "CREATE TABLE t AS SELECT * FROM s WHERE a = 'x'",
  })
  void everydayStatementsNeedNoAnalysis(String sql) {
    assertTrue(HarmlessScan.harmless(sql), sql);
    for (Dialect d : Dialect.values()) {
      assertTrue(analyzer.analyzeWithoutFastPath(sql, d).kinds().isEmpty(), d + ": " + sql);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "SELECT 1; DROP TABLE t",
    "SELECT 1 DROP TABLE t",
    "SELECT * FROM t FOR UPDATE",
    "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
    "INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1",
    "SELECT 1 /* c */",
    "SELECT 1 -- c",
    "SELECT 1 # c",
    "SELECT 1 // c",
    "/*!50000 DROP TABLE t */ SELECT 1",
    "SELECT E'\\\\' FROM t",
    "SELECT 'a\\\\' FROM t",
    "SELECT q'[it's]' FROM t",
    "SELECT N'x' FROM t",
    "SELECT U&'x' FROM t",
    "SELECT $$x$$",
    "SELECT $1",
    "SELECT `a` FROM t",
    "SELECT [a] FROM t",
    "{call p(?)}",
    "SELECT 'unterminated",
    "SELECT \"unterminated",
    "SELECT\u00a0DROP",
    "SELECT 1\u2028",
    "SELECT 'caf\u00e9'",
    "SELECT 1e5",
    "SELECT 1drop",
    "SELECT a@drop FROM t",
    "SELECT #t FROM t",
    "= SELECT 1",
    "'x' SELECT 1",
    "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
    "SELECT 1\f",
    "EXPLAIN ANALYZE DELETE FROM t",
    "select * from t where x = 1 or call_me = 2 and exec = 3",
    "DELETE FROM t",
    "DELETE FROM t WHERE 1 = 1",
    "DELETE FROM t WHERE id = 1 OR 1 = 1",
    "DELETE FROM t WHERE id > 0 OR id <= 0",
    "UPDATE t SET a = 1",
    "UPDATE t SET a = 1 WHERE a = a",
    "DELETE FROM t WHERE id = 1; DROP TABLE t",
    "DELETE FROM t WHERE id = 1 /* c */",
    "DELETE FROM t WHERE name LIKE '%'",
    "DELETE FROM t WHERE id IN (SELECT id FROM t)",
    "WITH x AS (SELECT 1) DELETE FROM t",
    "CREATE OR REPLACE TABLE t (a INT)",
    "CREATE TABLE t (a INT) ON COMMIT DELETE ROWS",
    "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
    "CREATE FUNCTION f() RETURNS void AS 'DROP TABLE t' LANGUAGE sql",
    "CREATE PROCEDURE p() AS 'x'",
    "CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING",
    "CREATE VIEW v AS SELECT 1",
    "CREATE \"TABLE\" t (a INT)",
    "CREATE",
    "(CREATE TABLE t (a INT))",
    "CREATE TABLE t (a INT); DROP TABLE u",
  })
  void anythingUnusualGoesTheWholeWay(String sql) {
    assertFalse(HarmlessScan.harmless(sql), sql);
  }

  /** Every corpus row and every named case the scan calls harmless is harmless to the full analysis, in every dialect. */
  @Test
  void soundOnTheCorpusAndTheCases() throws Exception {
    List<String> texts = new java.util.ArrayList<>();
    for (CaseFilesTest.Case c : CaseFilesTest.loadAll()) {
      texts.add(String.valueOf(c.fields().get("sql")));
    }
    String corpus = System.getProperty("dropguard.corpus");
    if (corpus != null && Files.isDirectory(Path.of(corpus))) {
      for (String f : List.of("postgres-regress.tsv.gz", "h2-scripts.tsv.gz")) {
        for (CorpusRegressionTest.Row row : CorpusRegressionTest.read(Path.of(corpus, f))) {
          texts.add(row.get("sql"));
        }
      }
    } else if (Boolean.parseBoolean(System.getenv("CI"))) {
      throw new AssertionError("the corpus is missing (dropguard.corpus=" + corpus + ") and CI=true");
    }
    int harmless = 0;
    for (String sql : texts) {
      if (!HarmlessScan.harmless(sql)) {
        continue;
      }
      harmless++;
      for (Dialect d : Dialect.values()) {
        Analysis full = analyzer.analyzeWithoutFastPath(sql, d);
        assertTrue(full.kinds().isEmpty(), "the scan called (" + d.id() + ") " + sql + " harmless, but: "
            + CaseFilesTest.describe(full));
      }
    }
    System.out.println("HarmlessScanTest: " + harmless + " of " + texts.size() + " texts decided by the scan");
    assertTrue(harmless > texts.size() / 20, "the scan decides almost nothing: " + harmless + " of " + texts.size());
  }
}

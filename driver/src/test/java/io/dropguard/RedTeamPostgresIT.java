package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red-team attempts on the real PostgreSQL server through {@code jdbc:dropguard:postgresql:...}: each statement
 * (with {@code %s} the test table) destroys data, or might (DropGuard reads it the
 * way that destroys), and must be refused before it reaches the server.
 */
class RedTeamPostgresIT {
  private static final Set<String> REFUSED = Set.of("ZG001", "ZG004");

  @TempDir Path temp;

  private Connection guarded(Path policies) throws SQLException {
    Properties p = TestDatabase.POSTGRES.credentials();
    p.setProperty("dropguard.policies", policies.toString());
    return DriverManager.getConnection("jdbc:dropguard:" + TestDatabase.POSTGRES.url().substring(5), p);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DO $$ BEGIN EXECUTE E'DROP\\x20TABLE %s'; END $$",
        "DO $$ BEGIN EXECUTE E'\\x44ROP TABLE %s'; END $$",
        "DO $$ BEGIN EXECUTE E'\\104ROP TABLE %s'; END $$",
        "DO $$ BEGIN EXECUTE U&'\\0044ROP TABLE %s'; END $$",
        "DO $$ BEGIN EXECUTE U&'!0044ROP TABLE %s' UESCAPE '!'; END $$",
        "DO $$ BEGIN EXECUTE format('TRUNCATE %%I', '%s'); END $$",
        "DO $$ BEGIN EXECUTE 'DELETE FROM ' || '%s'; END $$",
        "DO $x$ BEGIN EXECUTE $$DROP TABLE %s$$; END $x$",
        "DELETE FROM %s WHERE id IS NOT DISTINCT FROM id",
        "UPDATE %s SET a = 0 WHERE a IS NOT DISTINCT FROM a",
        "SELECT 'a\\'; DROP TABLE %s; --'",
        "SELECT 1; /* ; */ DROP TABLE %s",
        "SELECT $q$;$q$; TRUNCATE %s",
        "WITH d AS (DELETE FROM %s RETURNING *) SELECT count(*) FROM d",
        "EXPLAIN ANALYZE DELETE FROM %s",
        "EXPLAIN (ANALYZE, COSTS off) UPDATE %s SET a = 0",
        "DELETE FROM %s WHERE 1 = 1 --1\n OR id = 1",
        "MERGE INTO %1$s USING (SELECT 1 AS x) s ON true WHEN MATCHED THEN DELETE",
        "ALTER TABLE %s DROP COLUMN a",
      })
  void refused(String template) throws Exception {
    TestDatabase.POSTGRES.require();
    String table = TestDatabase.uniqueName("dg_rt");
    try (Connection raw = DriverManager.getConnection(TestDatabase.POSTGRES.url(),
        TestDatabase.POSTGRES.credentials())) {
      try (Statement st = raw.createStatement()) {
        st.execute("create table " + table + " (id int primary key, a int)");
        st.execute("insert into " + table + " values (1, 1), (2, 2)");
      }
      try (Connection g = guarded(PolicyFiles.blockDestructive(temp)); Statement st = g.createStatement()) {
        String sql = String.format(template, table);
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql));
        assertTrue(REFUSED.contains(e.getSQLState()), e.getSQLState() + ": " + e.getMessage());
        assertEquals(1, queryInt(g, "select 1"), "the connection stays usable");
      } finally {
        assertTrue(Rows.tableExists(raw, table));
        assertEquals(2, Rows.count(raw, table));
        assertEquals(3, queryInt(raw, "select sum(a) from " + table));
        try (Statement st = raw.createStatement()) {
          st.execute("drop table if exists " + table);
        }
      }
    }
  }

  /**
   * With several schemas on the search_path, an unqualified name may resolve to a later one: a pattern for the
   * first schema must not allow it (found by redteam: {@code scratch.*} allowed the drop of public's table).
   */
  @Test
  void aSchemaPatternIsNotFooledByTheSearchPath() throws Exception {
    TestDatabase.POSTGRES.require();
    String table = TestDatabase.uniqueName("dg_rt");
    String schema = TestDatabase.uniqueName("dg_rt_scratch");
    Path dir = PolicyFiles.write(temp.resolve("scratch"), "50-scratch.yaml",
        "name: test-scratch\n"
            + "mode: enforce\n"
            + "rules:\n"
            + "  - when: [drop_table]\n"
            + "    tables: [\"" + schema + ".*\"]\n"
            + "    action: allow\n"
            + "  - when: [drop_table, truncate, delete_all, update_all, unparseable]\n"
            + "    action: block\n"
            + "default: allow\n");
    try (Connection raw = DriverManager.getConnection(TestDatabase.POSTGRES.url(),
        TestDatabase.POSTGRES.credentials())) {
      try (Statement st = raw.createStatement()) {
        st.execute("create schema " + schema);
        st.execute("create table public." + table + " (id int)");
        st.execute("insert into public." + table + " values (1)");
      }
      try (Connection g = guarded(dir); Statement st = g.createStatement()) {
        st.execute("SET search_path = " + schema + ", public");
        assertEquals(schema, g.getSchema());
        SQLException e = assertThrows(SQLException.class, () -> st.execute("DROP TABLE " + table));
        assertEquals("ZG001", e.getSQLState(), e.getMessage());
        assertEquals(1, Rows.count(raw, "public." + table));
        // with the scratch schema alone on the path, the pattern applies as before
        st.execute("SET search_path = " + schema);
        st.execute("create table " + table + " (id int)");
        assertFalse(st.execute("DROP TABLE " + table));
        assertEquals(1, Rows.count(raw, "public." + table));
      } finally {
        try (Statement st = raw.createStatement()) {
          st.execute("drop table if exists public." + table);
          st.execute("drop schema if exists " + schema + " cascade");
        }
      }
    }
  }

  private static int queryInt(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

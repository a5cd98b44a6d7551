package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red-team attempts through the real driver ({@code jdbc:dropguard:h2:file:...}) with a policy that blocks every
 * destructive kind: each must be refused before H2 sees it, and the table and its rows must still be there.
 */
class RedTeamH2Test {
  private static final Set<String> REFUSED = Set.of("ZG001", "ZG004");

  @TempDir Path temp;
  private String url;
  private Connection raw;
  private Connection guarded;

  @BeforeEach
  void open() throws Exception {
    url = "jdbc:h2:file:" + temp.resolve("redteam").toAbsolutePath();
    raw = DriverManager.getConnection(url, "sa", "");
    try (Statement st = raw.createStatement()) {
      st.execute("create schema scratch");
      st.execute("create table t (id int primary key, a int)");
      st.execute("insert into t values (1, 1), (2, 2)");
    }
    guarded = guarded(PolicyFiles.blockDestructive(temp.resolve("policies")));
  }

  private Connection guarded(Path policies) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("password", "");
    p.setProperty("dropguard.policies", policies.toString());
    return DriverManager.getConnection("jdbc:dropguard:" + url.substring("jdbc:".length()), p);
  }

  @AfterEach
  void close() throws Exception {
    guarded.close();
    raw.close();
  }

  private void assertIntact() throws SQLException {
    assertTrue(Rows.tableExists(raw, "T"), "table T was dropped");
    assertEquals("[1, 1], [2, 2]", contents());
  }

  private String contents() throws SQLException {
    StringBuilder b = new StringBuilder();
    try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery("select id, a from t order by id")) {
      while (rs.next()) {
        b.append(b.length() == 0 ? "" : ", ").append('[').append(rs.getInt(1)).append(", ").append(rs.getInt(2))
            .append(']');
      }
    }
    return b.toString();
  }

  private static void assertRefused(Executable e) {
    SQLException x = assertThrows(SQLException.class, e);
    assertTrue(REFUSED.contains(x.getSQLState()), x.getSQLState() + ": " + x.getMessage());
  }

  @Test
  void nullSqlIsTheRealDriversSQLExceptionNotANullPointerException() throws Exception {
    try (Statement st = guarded.createStatement()) {
      SQLException x = assertThrows(SQLException.class, () -> st.execute(null));
      assertFalse(x instanceof DropGuardException, x.toString());
      assertThrows(SQLException.class, () -> st.executeUpdate(null));
    }
    assertThrows(SQLException.class, () -> guarded.prepareStatement(null));
    assertIntact();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM OLD TABLE (DELETE FROM t)",
        "SELECT * FROM FINAL TABLE (UPDATE t SET a = 9)",
        "SELECT * FROM DATA CHANGE DELTA TABLE (DELETE FROM t)",
        "SELECT 1; DROP TABLE t",
        "SELECT ';'; DROP TABLE t",
        "SELECT 1 // x\n; DROP TABLE t",
        "/* a /* nested */ */ DROP TABLE t",
        "DROP/**/TABLE t",
        "drop table t",
        "\uFEFFDROP TABLE t",
        "DROP\u00A0TABLE t",
        "DROP ALL OBJECT\u017F",
        "DROP \u017FCHEMA scratch",
        "TRUNCATE TABLE t",
        "DELETE FROM t WHERE 1=1",
        "DELETE FROM t WHERE id = id",
        "DELETE FROM t WHERE id IS NOT DISTINCT FROM id",
        "UPDATE t SET a = 0 WHERE TRUE",
        "EXPLAIN ANALYZE DELETE FROM t",
        "MERGE INTO t USING (SELECT 1 x) s ON 1=1 WHEN MATCHED THEN DELETE",
        "ALTER TABLE t DROP COLUMN a",
        "SELECT * FROM t; SELECT 1 /* ; */; TRUNCATE TABLE t",
      })
  void refusedThroughStatementExecute(String sql) throws Exception {
    try (Statement st = guarded.createStatement()) {
      assertRefused(() -> st.execute(sql));
    }
    assertIntact();
  }

  @Test
  void nestedCommentHidesTheDropInH2() throws Exception {
    try (Statement st = guarded.createStatement()) {
      assertTrue(st.execute("/* /* */ DROP TABLE t */ SELECT 1"), "H2 nests comments: this is a SELECT");
    }
    assertIntact();
  }

  @Test
  void everyExecuteOverloadIsGated() throws Exception {
    String sql = "DELETE FROM t";
    try (Statement st = guarded.createStatement()) {
      assertRefused(() -> st.executeQuery(sql));
      assertRefused(() -> st.executeUpdate(sql));
      assertRefused(() -> st.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS));
      assertRefused(() -> st.executeUpdate(sql, new int[] {1}));
      assertRefused(() -> st.executeUpdate(sql, new String[] {"ID"}));
      assertRefused(() -> st.executeLargeUpdate(sql));
      assertRefused(() -> st.executeLargeUpdate(sql, Statement.RETURN_GENERATED_KEYS));
      assertRefused(() -> st.execute(sql, Statement.NO_GENERATED_KEYS));
      assertRefused(() -> st.execute(sql, new int[] {1}));
      assertRefused(() -> st.execute(sql, new String[] {"ID"}));
    }
    assertIntact();
  }

  @Test
  void maxRowsDoesNotScopeADelete() throws Exception {
    try (Statement st = guarded.createStatement()) {
      st.setMaxRows(1);
      st.setLargeMaxRows(1);
      assertRefused(() -> st.executeUpdate("DELETE FROM t"));
    }
    assertIntact();
  }

  @Test
  void aBatchWithADestructiveEntryInTheMiddleRunsNothing() throws Exception {
    try (Statement st = guarded.createStatement()) {
      st.addBatch("insert into t values (10, 10)");
      st.addBatch("DROP TABLE t");
      st.addBatch("insert into t values (11, 11)");
      assertRefused(st::executeBatch);
      assertEquals(0, st.executeBatch().length, "a refused batch is cleared, nothing of it can run later");
    }
    assertIntact();
    try (Statement st = guarded.createStatement()) {
      st.addBatch("insert into t values (10, 10)");
      st.addBatch("UPDATE t SET a = 0");
      assertRefused(st::executeLargeBatch);
    }
    assertIntact();
  }

  @Test
  void preparedAndCallableStatementsAreRefusedWhenPrepared() throws Exception {
    assertRefused(() -> guarded.prepareStatement("DELETE FROM t"));
    assertRefused(() -> guarded.prepareStatement("DELETE FROM t WHERE ? = ?"));
    assertRefused(() -> guarded.prepareStatement("DELETE FROM t WHERE id = ? OR ?"));
    assertRefused(() -> guarded.prepareStatement("TRUNCATE TABLE t", Statement.RETURN_GENERATED_KEYS));
    assertRefused(() -> guarded.prepareStatement("DROP TABLE t", new int[] {1}));
    assertRefused(() -> guarded.prepareStatement("DROP TABLE t", new String[] {"ID"}));
    assertRefused(() -> guarded.prepareStatement(
        "DROP TABLE t", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
    assertRefused(() -> guarded.prepareCall("DROP TABLE t"));
    assertRefused(() -> guarded.prepareCall(
        "DROP TABLE t", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
    assertIntact();
  }

  @Test
  void statementMethodsOfAPreparedStatementAreGatedToo() throws Exception {
    try (PreparedStatement ps = guarded.prepareStatement("select 1")) {
      assertRefused(() -> ps.execute("DROP TABLE t"));
      assertRefused(() -> ps.executeUpdate("DELETE FROM t"));
      assertRefused(() -> ps.executeQuery("SELECT * FROM OLD TABLE (DELETE FROM t)"));
      // JDBC forbids addBatch(String) on a prepared statement; whatever the driver says, nothing may run
      assertThrows(SQLException.class, () -> {
        ps.addBatch("DROP TABLE t");
        ps.executeBatch();
      });
    }
    try (CallableStatement cs = guarded.prepareCall("select 1")) {
      assertRefused(() -> cs.execute("TRUNCATE TABLE t"));
    }
    assertIntact();
  }

  @Test
  void backReferencesLeadToGuardedObjects() throws Exception {
    try (Statement st = guarded.createStatement()) {
      assertSame(guarded, st.getConnection());
      try (ResultSet rs = st.executeQuery("select 1")) {
        Statement back = rs.getStatement();
        assertInstanceOf(Guarded.class, back);
        assertRefused(() -> back.execute("DROP TABLE t"));
      }
    }
    DatabaseMetaData md = guarded.getMetaData();
    assertInstanceOf(Guarded.class, md.getConnection());
    try (Statement st = md.getConnection().createStatement()) {
      assertRefused(() -> st.execute("DROP TABLE t"));
    }
    try (ResultSet tables = md.getTables(null, null, "%", null)) {
      Statement s = tables.getStatement();
      if (s != null) {
        assertInstanceOf(Guarded.class, s);
        assertRefused(() -> s.execute("DROP TABLE t"));
      }
    }
    try (PreparedStatement ps = guarded.prepareStatement("select 1")) {
      assertInstanceOf(Guarded.class, ps.getConnection());
      assertRefused(() -> ps.getConnection().createStatement().execute("TRUNCATE TABLE t"));
    }
    assertIntact();
  }

  @Test
  void unwrapToAJdbcInterfaceReturnsTheWrapper() throws Exception {
    assertSame(guarded, guarded.unwrap(Connection.class));
    assertTrue(guarded.isWrapperFor(Connection.class));
    assertThrows(SQLException.class, () -> guarded.unwrap(javax.sql.PooledConnection.class));
    try (Statement st = guarded.createStatement()) {
      Statement un = st.unwrap(Statement.class);
      assertSame(st, un);
      assertRefused(() -> un.execute("DROP TABLE t"));
      assertThrows(SQLException.class, () -> st.unwrap(PreparedStatement.class));
    }
    assertRefused(() -> guarded.unwrap(Connection.class).createStatement().execute("DROP TABLE t"));
    assertIntact();
  }

  @Test
  void nativeSqlAndJdbcEscapesAreDecided() throws Exception {
    assertRefused(() -> guarded.nativeSQL("DROP TABLE t"));
    assertEquals(raw.nativeSQL("{fn abs(1)}"), guarded.nativeSQL("{fn abs(1)}"));
    try (Statement st = guarded.createStatement()) {
      assertRefused(() -> st.execute("{call abs(1)}; DROP TABLE t"));
      assertRefused(() -> st.execute("SELECT {fn abs(1)}; TRUNCATE TABLE t"));
    }
    assertIntact();
  }

  @Test
  void aStatementOfAClosedConnectionRunsNothing() throws Exception {
    Statement st = guarded.createStatement();
    guarded.close();
    assertThrows(SQLException.class, () -> st.execute("DROP TABLE t"));
    assertThrows(SQLException.class, () -> guarded.createStatement());
    assertIntact();
  }

  @Test
  void aSchemaPatternFollowsTheSchemaTheDatabaseUses() throws Exception {
    try (Statement st = raw.createStatement()) {
      st.execute("create table scratch.t (id int)");
    }
    Path dir = PolicyFiles.write(temp.resolve("scratch-policies"), "50-scratch.yaml",
        "name: test-scratch\n"
            + "mode: enforce\n"
            + "rules:\n"
            + "  - when: [drop_table]\n"
            + "    tables: [\"SCRATCH.*\"]\n"
            + "    action: allow\n"
            + "  - when: [drop_database, drop_schema, drop_table, drop_view, drop_other, truncate, alter_drop,"
            + " delete_all, update_all, unparseable]\n"
            + "    action: block\n"
            + "default: allow\n");
    try (Connection g = guarded(dir); Statement st = g.createStatement()) {
      g.setSchema("SCRATCH");
      // the current schema changed by SQL, not by setSchema: DropGuard must not go on believing SCRATCH
      st.execute("SET SCHEMA PUBLIC");
      assertRefused(() -> st.execute("DROP TABLE t"));
      assertIntact();
      // changed in the same string as the drop: refused (fail closed)
      g.setSchema("PUBLIC");
      assertRefused(() -> st.execute("SET SCHEMA SCRATCH; DROP TABLE t"));
      assertIntact();
      assertEquals("PUBLIC", g.getSchema());
      // really in SCRATCH: the allow rule applies
      g.setSchema("SCRATCH");
      assertFalse(st.execute("DROP TABLE t"));
    }
    try (ResultSet rs = raw.getMetaData().getTables(null, "SCRATCH", "T", null)) {
      assertFalse(rs.next(), "SCRATCH.T was dropped, as allowed");
    }
    assertIntact();
  }

  @Test
  void unwrapToAVendorTypeHandsOutTheRealObjectAsDocumented() throws Exception {
    // The documented decision (Unwrapping): vendor types come from the real driver, and SQL run through them is
    // not guarded. This test pins the decision so that a change to it is deliberate.
    Object vendor = guarded.unwrap(org.h2.jdbc.JdbcConnection.class);
    assertNotNull(vendor);
    assertFalse(vendor instanceof Guarded);
  }
}

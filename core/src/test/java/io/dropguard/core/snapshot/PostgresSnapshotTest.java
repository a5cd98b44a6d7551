package io.dropguard.core.snapshot;

import static io.dropguard.core.snapshot.Fixture.contents;
import static io.dropguard.core.snapshot.Fixture.count;
import static io.dropguard.core.snapshot.Fixture.exec;
import static io.dropguard.core.snapshot.Fixture.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSnapshotTest extends ServerSnapshotTest {
  static final TestDatabase DB = TestDatabase.POSTGRES;

  PostgresSnapshotTest() {
    super(DB, Dialect.POSTGRES);
  }

  private List<String> restore(String id, String table, String as) throws Exception {
    return Restorer.restore(Fixture.find(dir, id), c, new Restorer.Request(table, as, false));
  }

  private String allTypes() throws Exception {
    String t = TestDatabase.uniqueName("snap_pg");
    String mood = t + "_mood";
    cleanup.add("DROP TYPE IF EXISTS " + mood + " CASCADE");
    cleanup.add("DROP TABLE IF EXISTS " + t + " CASCADE");
    exec(
        c,
        "CREATE TYPE " + mood + " AS ENUM ('sad', 'ok', 'it''s \"fine\"')",
        "CREATE TABLE " + t + " (id serial PRIMARY KEY, i2 int2, i4 int4, i8 int8 CHECK (i8 <> 7),"
            + " n numeric, n2 numeric(12,4), r real, d double precision, s text, vc varchar(20), ch char(3),"
            + " b bytea, dt date, tm time(6), tmz timetz, ts timestamp(6), tsz timestamptz, iv interval, bo boolean,"
            + " u uuid, j json, jb jsonb, ia int[], ta text[][], m " + mood + ", ma " + mood + "[], ip inet,"
            + " rg int4range, x xml)",
        "CREATE INDEX " + t + "_s ON " + t + " (s, i4)",
        "INSERT INTO " + t + " (i2, i4, i8, n, n2, r, d, s, vc, ch, b, dt, tm, tmz, ts, tsz, iv, bo, u, j, jb, ia, ta, m,"
            + " ma, ip, rg, x) VALUES (-32768, 2147483647, -9223372036854775808,"
            + " 123456789012345678901234567890.123456789012345678901234567890, 12345678.1234, 3.4028235e38,"
            + " 2.2250738585072014e-308, E'tab\\there \\\\ back\\nnew \\u00e9 \\U0001F600 ''q''', '', 'ab ',"
            + " '\\x00ff5c0a', '4713-01-01 BC', '23:59:59.999999', '10:00:00+05:45', '2026-03-29 02:30:00.000001',"
            + " '2026-01-01 10:00:00.5+05:45', '1 year 2 mons -3 days 04:05:06.789', true,"
            + " '0e1b4c3a-7c5d-4e8f-9a0b-1c2d3e4f5a6b', '{\"a\" : [1, 2.50, null]}', '{\"b\": \"\\u00e9\", \"a\": 1.0}',"
            + " '{1,NULL,3}', '{{\"a\\\"b\",NULL},{\"\",\"c,d\"}}', 'it''s \"fine\"', '{sad,ok}', '192.168.0.1/24',"
            + " '[1,10)', '<a>x &amp; y</a>')",
        "INSERT INTO " + t + " (n, r, d, s, vc, dt, ts, tsz) VALUES ('NaN', 'NaN', 'Infinity', NULL, NULL, 'infinity',"
            + " '-infinity', 'infinity')",
        "INSERT INTO " + t + " (r, d) VALUES ('-Infinity', '-0')");
    return t;
  }

  @Test
  void dropTableRoundTripPreservesEveryValueTheDefinitionAndTheSerial() throws Exception {
    String t = allTypes();
    List<String> before = contents(c, t, "id");
    String id = take("DROP TABLE " + t, finding(StatementKind.DROP_TABLE, t), Fixture.options(dir));
    assertTrue(Files.exists(dir.resolve(id).resolve("rows/001.copy")), "PostgreSQL uses the COPY fast path");
    exec(c, "DROP TABLE " + t, "DROP TYPE " + t + "_mood");

    List<String> report = restore(id, null, null);

    assertEquals(before, contents(c, t, "id"), report.toString());
    assertThrows(Exception.class, () -> exec(c, "INSERT INTO " + t + " (i8) VALUES (7)"), "check constraint back");
    exec(c, "INSERT INTO " + t + " (s) VALUES ('after')"); // the serial default works and is past the old ids
    assertEquals(4, count(c, t));
  }

  @Test
  void truncateCascadeTakesTheReferencingTablesAndRestoreBringsAllBack() throws Exception {
    String p = TestDatabase.uniqueName("snap_p");
    String ch = TestDatabase.uniqueName("snap_c");
    String gc = TestDatabase.uniqueName("snap_g");
    cleanup.add("DROP TABLE IF EXISTS " + p + ", " + ch + ", " + gc + " CASCADE");
    exec(c, "CREATE TABLE " + p + " (id int PRIMARY KEY)", "CREATE TABLE " + ch + " (id int PRIMARY KEY, p int REFERENCES " + p + ")",
        "CREATE TABLE " + gc + " (id int, c int REFERENCES " + ch + ")",
        "INSERT INTO " + p + " VALUES (1), (2)", "INSERT INTO " + ch + " VALUES (10, 1)", "INSERT INTO " + gc + " VALUES (100, 10)");
    String sql = "TRUNCATE " + p + " CASCADE";
    String id = take(sql, finding(StatementKind.TRUNCATE, p), Fixture.options(dir));
    assertEquals(List.of("public." + p, "public." + ch, "public." + gc), Fixture.find(dir, id).tables());
    exec(c, sql);

    restore(id, null, null);
    assertEquals(2, count(c, p));
    assertEquals(1, count(c, ch));
    assertEquals(1, count(c, gc));
  }

  @Test
  void dropTableCascadeTakesDependentViewsAndRecreatesThem() throws Exception {
    String t = TestDatabase.uniqueName("snap_t");
    cleanup.add("DROP TABLE IF EXISTS " + t + " CASCADE");
    exec(c, "CREATE TABLE " + t + " (id int)", "CREATE VIEW " + t + "_v AS SELECT id * 2 AS d FROM " + t,
        "CREATE VIEW " + t + "_w AS SELECT d + 1 AS e FROM " + t + "_v", "INSERT INTO " + t + " VALUES (20)");
    String id = take("DROP TABLE " + t + " CASCADE", finding(StatementKind.DROP_TABLE, t), Fixture.options(dir));
    assertEquals(List.of("public." + t, "public." + t + "_v", "public." + t + "_w"), Fixture.find(dir, id).tables());
    exec(c, "DROP TABLE " + t + " CASCADE");
    restore(id, null, null);
    assertEquals(List.of("e='41' "), contents(c, t + "_w", "e"));
  }

  @Test
  void insideTheUsersTransactionUncommittedRowsAreSavedAndTheTransactionStaysOpen() throws Exception {
    String t = TestDatabase.uniqueName("snap_tx");
    cleanup.add("DROP TABLE IF EXISTS " + t);
    exec(c, "CREATE TABLE " + t + " (id int)", "INSERT INTO " + t + " VALUES (1)");
    c.setAutoCommit(false);
    exec(c, "INSERT INTO " + t + " VALUES (2)");
    String id = take("DELETE FROM " + t, finding(StatementKind.DELETE_ALL, t), Fixture.options(dir));
    assertEquals(2, Fixture.find(dir, id).rows());
    assertFalse(c.getAutoCommit());
    c.rollback();
    assertEquals(1, count(c, t), "rollback still undoes the user's insert: their transaction was never committed");
  }

  @Test
  void aFailedReadInsideTheUsersTransactionDoesNotAbortIt() throws Exception {
    String t = TestDatabase.uniqueName("snap_fail");
    cleanup.add("DROP TABLE IF EXISTS " + t);
    exec(c, "CREATE TABLE " + t + " (id int)");
    c.setAutoCommit(false);
    exec(c, "INSERT INTO " + t + " VALUES (1)");
    Fixture.Context failing = new Fixture.Context(failingCounts(c), DB.url(), DB);

    SnapshotException e =
        assertThrows(
            SnapshotException.class,
            () -> Snapshots.service().take(failing, Fixture.identity(DB.url(), Dialect.POSTGRES), "DELETE FROM " + t,
                List.of(finding(StatementKind.DELETE_ALL, t)), Fixture.options(dir)));
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    assertEquals(1, count(c, t), "the transaction is not aborted and still holds the user's row");
    c.commit();
    assertEquals(List.of(), new SnapshotDirectory(dir).list());
  }

  @Test
  void aFailureInAutocommitLeavesAutocommitOn() throws Exception {
    String t = TestDatabase.uniqueName("snap_fail");
    cleanup.add("DROP TABLE IF EXISTS " + t);
    exec(c, "CREATE TABLE " + t + " (id int)");
    Fixture.Context failing = new Fixture.Context(failingCounts(c), DB.url(), DB);
    assertThrows(
        SnapshotException.class,
        () -> Snapshots.service().take(failing, Fixture.identity(DB.url(), Dialect.POSTGRES), "DELETE FROM " + t,
            List.of(finding(StatementKind.DELETE_ALL, t)), Fixture.options(dir)));
    assertTrue(c.getAutoCommit());
    assertEquals(java.sql.Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
  }

  @Test
  void databaseStoreCopiesIntoDropguardSnapshotsAndRestoresFromThere() throws Exception {
    String t = allTypes();
    List<String> before = contents(c, t, "id");
    SnapshotOptions o = new SnapshotOptions(SnapshotOptions.Store.DATABASE, dir, Long.MAX_VALUE, Long.MAX_VALUE);
    c.setAutoCommit(false);
    String id = take("DROP TABLE " + t, finding(StatementKind.DROP_TABLE, t), o);
    c.commit();
    c.setAutoCommit(true);
    Manifest m = new Manifest(Manifest.read(dir.resolve(id).resolve("manifest.json")));
    cleanup.add("DROP TABLE IF EXISTS dropguard_snapshots." + m.tables().get(0).location().name());
    assertEquals(3, count(c, "dropguard_snapshots." + m.tables().get(0).location().name()));
    exec(c, "DROP TABLE " + t);

    restore(id, null, null);
    assertEquals(before, contents(c, t, "id"));
  }

  @Test
  void aDamagedCopyFileIsDetectedWhileLoadingAndNothingIsLeft() throws Exception {
    String t = TestDatabase.uniqueName("snap_dmg");
    cleanup.add("DROP TABLE IF EXISTS " + t);
    exec(c, "CREATE TABLE " + t + " (id int PRIMARY KEY, v text)", "INSERT INTO " + t + " SELECT g, 'v' || g FROM generate_series(1, 100) g");
    String id = take("DROP TABLE " + t, finding(StatementKind.DROP_TABLE, t), Fixture.options(dir));
    exec(c, "DROP TABLE " + t);
    Path rows = dir.resolve(id).resolve("rows/001.copy");
    rows.toFile().setWritable(true);
    byte[] b = Files.readAllBytes(rows);
    b[b.length / 2] = (byte) '7'; // still valid COPY text, different data
    Files.write(rows, b);
    SnapshotException e = assertThrows(SnapshotException.class, () -> restore(id, null, null));
    assertTrue(e.getMessage().contains("does not match its SHA-256"), e.getMessage());
    assertFalse(Rows.tableExists(c, t), "the restore was rolled back, table and all");
  }

  /** The user's connection, except that COUNT(*) fails on the server (which aborts a PostgreSQL transaction). */
  static Connection failingCounts(Connection real) {
    InvocationHandler statements = null;
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object r = invoke(method, real, args);
              if (r instanceof Statement s && method.getName().equals("createStatement")) {
                return Proxy.newProxyInstance(
                    Statement.class.getClassLoader(),
                    new Class<?>[] {Statement.class},
                    (p2, m2, a2) -> {
                      if (m2.getName().equals("executeQuery") && ((String) a2[0]).startsWith("SELECT COUNT(*)")) {
                        a2 = new Object[] {"SELECT 1 / 0"};
                      }
                      return invoke(m2, s, a2);
                    });
              }
              return r;
            });
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

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
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbSnapshotTest extends ServerSnapshotTest {
  static final TestDatabase DB = TestDatabase.MARIADB;

  MariaDbSnapshotTest() {
    super(DB, Dialect.MYSQL);
  }

  private List<String> restore(String id) throws Exception {
    return Restorer.restore(Fixture.find(dir, id), c, new Restorer.Request(null, null, false));
  }

  private String allTypes() throws Exception {
    String t = TestDatabase.uniqueName("snap_my");
    cleanup.add("DROP TABLE IF EXISTS " + t);
    exec(
        c,
        "CREATE TABLE " + t + " (id int AUTO_INCREMENT PRIMARY KEY, ti tinyint, bo boolean, si smallint,"
            + " bi bigint unsigned, n decimal(65,30), f float, d double, s varchar(100) CHARACTER SET utf8mb4,"
            + " ch char(3), bn binary(4), vb varbinary(10), bl blob, tx longtext, dt date, tm time(6),"
            + " dtm datetime(6), ts timestamp(6) NULL, y year, bt bit(10), j json, e enum('a','b c','d''e'),"
            + " st set('x','y','z'), u uuid, KEY " + t + "_s (s, ti), CONSTRAINT " + t + "_ck CHECK (ti <> 7))",
        "INSERT INTO " + t + " (ti, bo, si, bi, n, f, d, s, ch, bn, vb, bl, tx, dt, tm, dtm, ts, y, bt, j, e, st, u)"
            + " VALUES (-128, true, -32768, 18446744073709551615,"
            + " 12345678901234567890123456789012345.123456789012345678901234567890, 3.40282e38,"
            + " 2.2250738585072014e-308, 'grüße 😀 ''q'' \\\\ \\n \\0 nul', 'ab', X'00FF0A00', X'', X'DEADBEEF',"
            + " 'long', '1000-01-01', '-838:59:59.000000', '9999-12-31 23:59:59.999999', '2026-03-29 02:30:00.000001',"
            + " 2155, b'1010101010', '{\"a\": [1, 2.50, null]}', 'd''e', 'x,z', '0e1b4c3a-7c5d-4e8f-9a0b-1c2d3e4f5a6b')",
        "INSERT INTO " + t + " (s, f, d, bo) VALUES ('', 0.1, 0.1, false)",
        "INSERT INTO " + t + " (f, d) VALUES (1.17549435e-38, -0.0)");
    return t;
  }

  @Test
  void dropTableRoundTripPreservesEveryValueAndTheDefinition() throws Exception {
    String t = allTypes();
    List<String> before = contents(c, t, "id");
    String id = take("DROP TABLE " + t, finding(StatementKind.DROP_TABLE, t), Fixture.options(dir));
    exec(c, "DROP TABLE " + t);

    List<String> report = restore(id);

    assertEquals(before, contents(c, t, "id"), report.toString());
    assertThrows(Exception.class, () -> exec(c, "INSERT INTO " + t + " (ti) VALUES (7)"), "check constraint back");
    exec(c, "INSERT INTO " + t + " (s) VALUES ('after')");
    assertEquals(4, count(c, t));
  }

  @Test
  void databaseStoreNeverCommitsTheUsersOpenTransaction() throws Exception {
    String t = TestDatabase.uniqueName("snap_tx");
    cleanup.add("DROP TABLE IF EXISTS " + t);
    exec(c, "CREATE TABLE " + t + " (id int PRIMARY KEY, v varchar(20)) ENGINE=InnoDB", "INSERT INTO " + t + " VALUES (1, 'a')");
    c.setAutoCommit(false);
    exec(c, "INSERT INTO " + t + " VALUES (2, 'uncommitted')");
    SnapshotOptions o = new SnapshotOptions(SnapshotOptions.Store.DATABASE, dir, Long.MAX_VALUE, Long.MAX_VALUE);

    String id = take("DELETE FROM " + t, finding(StatementKind.DELETE_ALL, t), o);
    Manifest m = new Manifest(Manifest.read(dir.resolve(id).resolve("manifest.json")));
    String copy = "dropguard_snapshots." + m.tables().get(0).location().name();
    cleanup.add("DROP TABLE IF EXISTS " + copy);

    assertFalse(c.getAutoCommit());
    try (Connection other = ctx.openSeparateConnection()) {
      assertEquals(2, count(other, copy), "the user's uncommitted row is in the copy");
    }
    c.rollback();
    assertEquals(1, count(c, t), "CREATE TABLE ran elsewhere: the user's insert was not committed by it");

    exec(c, "DELETE FROM " + t);
    c.commit();
    c.setAutoCommit(true);
    restore(id);
    assertEquals(List.of("id='1' v='a' ", "id='2' v='uncommitted' "), contents(c, t, "id"));
  }

  @Test
  void deleteAllTakesRowsOfCascadingForeignKeys() throws Exception {
    String p = TestDatabase.uniqueName("snap_p");
    String ch = TestDatabase.uniqueName("snap_c");
    cleanup.add("DROP TABLE IF EXISTS " + p);
    cleanup.add("DROP TABLE IF EXISTS " + ch);
    exec(c, "CREATE TABLE " + p + " (id int PRIMARY KEY)",
        "CREATE TABLE " + ch + " (id int PRIMARY KEY, p int, FOREIGN KEY (p) REFERENCES " + p + " (id) ON DELETE CASCADE)",
        "INSERT INTO " + p + " VALUES (1)", "INSERT INTO " + ch + " VALUES (5, 1)");
    String id = take("DELETE FROM " + p, finding(StatementKind.DELETE_ALL, p), Fixture.options(dir));
    assertEquals(List.of("test." + p, "test." + ch), Fixture.find(dir, id).tables());
    exec(c, "DELETE FROM " + p);
    restore(id);
    assertEquals(1, count(c, ch));
    assertTrue(Fixture.find(dir, id).complete());
  }
}

package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.snapshot.Snapshot;
import io.dropguard.core.snapshot.SnapshotDirectory;
import io.dropguard.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * [#5] Done-when of the snapshot issue: under a policy with {@code action: snapshot}, DROP TABLE, TRUNCATE ...
 * CASCADE and an unscoped DELETE run through {@code jdbc:dropguard:} only after a complete snapshot, and
 * {@code dropguard restore} brings every row back, on each engine.
 */
class SnapshotEndToEndTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void destructiveStatementsRunAfterASnapshotAndRestoreBringsTheRowsBack(TestDatabase db) throws Exception {
    db.require();
    String url = db.url();
    Path snapshots = tmp.resolve("snapshots");
    Path policy = tmp.resolve("policy.yaml");
    Files.writeString(
        policy,
        "name: e2e\n"
            + "rules:\n"
            + "  - when: [drop_table, truncate, delete_all]\n"
            + "    action: snapshot\n"
            + "default: allow\n"
            + "snapshot:\n"
            + "  store: directory\n"
            + "  path: " + snapshots + "\n");
    Properties p = db.credentials();
    p.setProperty("dropguard.policies", policy.toString());
    p.setProperty("dropguard.state_dir", tmp.resolve("state").toString());
    String parent = TestDatabase.uniqueName("e2e_p");
    String child = TestDatabase.uniqueName("e2e_c");
    String other = TestDatabase.uniqueName("e2e_o");
    if (db == TestDatabase.H2) {
      parent = parent.toUpperCase();
      child = child.toUpperCase();
      other = other.toUpperCase();
    }
    try (Connection raw = DriverManager.getConnection(url, db.credentials());
        Connection guarded = DriverManager.getConnection("jdbc:dropguard:" + url.substring("jdbc:".length()), p)) {
      try {
        exec(raw, "CREATE TABLE " + parent + " (id int PRIMARY KEY, name varchar(20))",
            "CREATE TABLE " + child + " (id int PRIMARY KEY, p int REFERENCES " + parent + " (id))",
            "CREATE TABLE " + other + " (id int PRIMARY KEY, v varchar(10))",
            "INSERT INTO " + parent + " VALUES (1, 'Ada'), (2, 'Grace')",
            "INSERT INTO " + child + " VALUES (10, 1)",
            "INSERT INTO " + other + " VALUES (1, 'x'), (2, NULL), (3, '')");
        List<String> before = new ArrayList<>();
        before.addAll(rows(raw, parent));
        before.addAll(rows(raw, child));
        before.addAll(rows(raw, other));

        // DELETE without WHERE, then TRUNCATE (CASCADE where the engine has it), then DROP TABLE
        exec(guarded, "DELETE FROM " + other);
        if (db == TestDatabase.POSTGRES) {
          exec(guarded, "TRUNCATE " + parent + " CASCADE");
        } else {
          exec(guarded, "DELETE FROM " + child);
        }
        exec(guarded, "DROP TABLE " + child);
        assertEquals(0, count(raw, other));

        List<Snapshot> taken = new SnapshotDirectory(snapshots).list();
        assertEquals(3, taken.size(), taken.toString());
        for (Snapshot s : taken) {
          assertTrue(s.complete(), s.toString());
        }
        if (db == TestDatabase.POSTGRES) {
          assertEquals(2, taken.get(1).tables().size(), "TRUNCATE ... CASCADE took the referencing table too");
        }

        assertEquals(0, restore(taken.get(2).id(), snapshots, url, db)); // the dropped (empty) child table
        assertEquals(0, restore(taken.get(1).id(), snapshots, url, db)); // the truncated rows
        assertEquals(0, restore(taken.get(0).id(), snapshots, url, db)); // the deleted rows
        List<String> after = new ArrayList<>();
        after.addAll(rows(raw, parent));
        after.addAll(rows(raw, child));
        after.addAll(rows(raw, other));
        assertEquals(before, after);
      } finally {
        exec(raw, "DROP TABLE IF EXISTS " + child, "DROP TABLE IF EXISTS " + parent, "DROP TABLE IF EXISTS " + other);
        if (db == TestDatabase.H2) {
          exec(raw, "SHUTDOWN");
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void thePolicysKeepPrunesOlderSnapshots() throws Exception {
    Path snapshots = tmp.resolve("snapshots");
    Path policy = tmp.resolve("policy.yaml");
    Files.writeString(
        policy,
        "name: keep\nrules:\n  - when: [delete_all]\n    action: snapshot\ndefault: allow\n"
            + "snapshot:\n  path: " + snapshots + "\n  keep: 2\n");
    Properties p = TestDatabase.H2.credentials();
    p.setProperty("dropguard.policies", policy.toString());
    p.setProperty("dropguard.state_dir", tmp.resolve("state").toString());
    String url = TestDatabase.H2.url();
    try (Connection guarded = DriverManager.getConnection("jdbc:dropguard:" + url.substring("jdbc:".length()), p)) {
      exec(guarded, "CREATE TABLE K (ID INT)");
      for (int i = 0; i < 4; i++) {
        exec(guarded, "INSERT INTO K VALUES (" + i + ")", "DELETE FROM K");
      }
      List<Snapshot> left = new SnapshotDirectory(snapshots).list();
      assertEquals(2, left.size(), left.toString());
      assertEquals(1, left.get(1).rows());
      exec(guarded, "SHUTDOWN");
    }
  }

  private static int restore(String id, Path dir, String url, TestDatabase db) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"restore", id, "--dir", dir.toString(), "--url", url, "--user", db.user(), "--password", db.password(),
              "--into-nonempty"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, () -> out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    return code;
  }

  private static void exec(Connection c, String... sqls) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : sqls) {
        st.execute(s);
      }
    }
  }

  private static long count(Connection c, String t) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> rows(Connection c, String t) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + t + " ORDER BY 1")) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder(t);
        for (int i = 1; i <= n; i++) {
          sb.append('|').append(rs.getString(i));
        }
        out.add(sb.toString());
      }
    }
    return out;
  }
}

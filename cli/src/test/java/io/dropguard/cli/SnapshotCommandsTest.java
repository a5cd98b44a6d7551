package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.StatementContext;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.snapshot.SnapshotOptions;
import io.dropguard.core.snapshot.Snapshots;
import io.dropguard.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandsTest {
  @TempDir Path dir;
  String url;
  Connection c;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void open() throws Exception {
    url = TestDatabase.H2.url();
    c = DriverManager.getConnection(url, TestDatabase.H2.credentials());
    exec("CREATE TABLE PILOT (ID INT PRIMARY KEY, NAME VARCHAR(20))", "INSERT INTO PILOT VALUES (1, 'Ada'), (2, 'Grace')");
  }

  @AfterEach
  void close() throws Exception {
    exec("SHUTDOWN");
    c.close();
  }

  private void exec(String... sqls) throws Exception {
    try (Statement st = c.createStatement()) {
      for (String s : sqls) {
        st.execute(s);
      }
    }
  }

  private long count(String table) throws Exception {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String snapshot(String sql) throws Exception {
    StatementContext ctx =
        new StatementContext() {
          @Override
          public Connection rawConnection() {
            return c;
          }

          @Override
          public Connection openSeparateConnection() throws java.sql.SQLException {
            return DriverManager.getConnection(url, TestDatabase.H2.credentials());
          }

          @Override
          public String presentedToken() {
            return null;
          }

          @Override
          public void tokenConsumed() {}
        };
    return Snapshots.service()
        .take(
            ctx, new ConnectionIdentity(url, "sa", "H2", null, null, Dialect.H2), sql,
            List.of(new Finding(StatementKind.DROP_TABLE, "table", List.of(ObjectName.of("PILOT")), "drop")),
            new SnapshotOptions(SnapshotOptions.Store.DIRECTORY, dir, Long.MAX_VALUE, Long.MAX_VALUE));
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listShowsTheSnapshotAndRestoreBringsTheDroppedTableBack() throws Exception {
    String id = snapshot("DROP TABLE PILOT");
    exec("DROP TABLE PILOT");

    assertEquals(0, run("snapshots", "--dir", dir.toString()));
    String list = out();
    assertTrue(list.contains(id), list);
    assertTrue(list.contains("complete"), list);
    assertTrue(list.contains("PUBLIC.PILOT"), list);
    assertTrue(list.contains("DROP TABLE PILOT"), list);
    assertTrue(list.matches("(?s).*complete\\s+2\\s+.*"), list);

    assertEquals(0, run("restore", id.substring(0, 22), "--dir", dir.toString()), err());
    assertTrue(out().contains("restored 2 rows into PUBLIC.PILOT (recreated)"), out());
    assertEquals(2, count("PILOT"));
  }

  @Test
  void restoreRefusesANonEmptyTableUnlessToldAndCanRestoreBeside() throws Exception {
    String id = snapshot("DELETE FROM PILOT");

    assertEquals(1, run("restore", id, "--dir", dir.toString(), "--url", url, "--user", "sa"));
    assertTrue(err().contains("PUBLIC.PILOT already holds 2 rows, so nothing was restored"), err());
    assertEquals(2, count("PILOT"));

    assertEquals(0, run("restore", id, "--dir", dir.toString(), "--as", "PILOT_BACK"), err());
    assertEquals(2, count("PILOT_BACK"));

    exec("DELETE FROM PILOT", "INSERT INTO PILOT VALUES (3, 'Hedy')");
    assertEquals(0, run("restore", id, "--dir", dir.toString(), "--into-nonempty", "--table", "PILOT"), err());
    assertEquals(3, count("PILOT"));

    assertEquals(1, run("restore", id, "--dir", dir.toString(), "--table", "NOPE"));
    assertTrue(err().contains("holds no table 'NOPE'; it holds: PUBLIC.PILOT"), err());
  }

  @Test
  void anIncompleteSnapshotIsListedAsSuchAndNotRestored() throws Exception {
    String id = snapshot("DROP TABLE PILOT");
    Files.delete(dir.resolve(id).resolve("manifest.json"));

    assertEquals(0, run("snapshots", "--dir", dir.toString()));
    assertTrue(out().contains("INCOMPLETE"), out());
    assertTrue(out().contains("1 INCOMPLETE"), out());

    assertEquals(1, run("restore", id, "--dir", dir.toString()));
    assertTrue(err().contains("is incomplete and cannot be restored"), err());
  }

  @Test
  void pruneKeepsTheNewest() throws Exception {
    snapshot("DROP TABLE PILOT");
    String newest = snapshot("DROP TABLE PILOT");
    assertEquals(0, run("snapshots", "prune", "--keep", "1", "--dir", dir.toString()));
    assertTrue(out().contains("Pruned 1 snapshot(s)"), out());
    run("snapshots", "--dir", dir.toString());
    assertTrue(out().contains(newest), out());
    assertTrue(out().contains("1 snapshot(s) in"), out());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, run("restore"));
    assertEquals(2, run("snapshots", "--bogus"));
    assertTrue(err().contains("unknown option --bogus"), err());
    assertEquals(2, run("snapshots", "prune", "--keep", "monthly", "--dir", dir.toString()));
    assertEquals(1, run("restore", "nope", "--dir", dir.toString()));
    assertTrue(err().contains("no snapshot 'nope'"), err());
  }
}

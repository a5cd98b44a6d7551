package io.dropguard.core.snapshot;

import static io.dropguard.core.snapshot.Fixture.exec;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the snapshot tests on a real server share: a connection to it, a snapshot directory, and the statements
 * that drop what a test created, run in reverse order afterwards.
 */
abstract class ServerSnapshotTest {
  final TestDatabase db;
  final Dialect dialect;
  @TempDir Path dir;
  Connection c;
  Fixture.Context ctx;
  final List<String> cleanup = new ArrayList<>();

  ServerSnapshotTest(TestDatabase db, Dialect dialect) {
    this.db = db;
    this.dialect = dialect;
  }

  @BeforeEach
  void open() throws Exception {
    db.require();
    c = DriverManager.getConnection(db.url(), db.credentials());
    ctx = new Fixture.Context(c, db.url(), db);
  }

  @AfterEach
  void close() throws Exception {
    if (c == null) {
      return;
    }
    if (!c.getAutoCommit()) {
      c.rollback();
      c.setAutoCommit(true);
    }
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      exec(c, cleanup.get(i));
    }
    c.close();
  }

  String take(String sql, Finding f, SnapshotOptions o) throws SnapshotException {
    return Snapshots.service().take(ctx, Fixture.identity(db.url(), dialect), sql, List.of(f), o);
  }
}

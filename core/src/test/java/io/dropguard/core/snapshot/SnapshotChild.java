package io.dropguard.core.snapshot;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/**
 * The child JVM of {@link KilledSnapshotTest}: does what the guard does for {@code action: snapshot} (snapshot,
 * then run the statement), slowly, so that the parent can kill it in the middle.
 */
public final class SnapshotChild {
  private SnapshotChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path dir = Path.of(args[1]);
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      Fixture.Context ctx = new Fixture.Context(c, url, TestDatabase.H2);
      Snapshots.service()
          .take(ctx, Fixture.identity(url, Dialect.H2), "DROP TABLE BIG",
              List.of(Fixture.finding(StatementKind.DROP_TABLE, "BIG")), Fixture.options(dir));
      Fixture.exec(c, "DROP TABLE BIG");
    }
  }
}

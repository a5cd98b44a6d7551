package io.dropguard.core.snapshot;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.StatementContext;
import io.dropguard.core.analysis.Finding;
import java.util.List;

/** Takes the snapshot that {@code action: snapshot} demands, before the statement runs. */
public interface SnapshotService {
  /**
   * Copies everything {@code findings} would destroy, verified (row counts) and durable, and returns the
   * snapshot's id. Never changes the transaction state of the user's connection
   * ({@link StatementContext#rawConnection()}), from which the rows are read.
   *
   * @throws SnapshotException when the snapshot is not complete; the statement must then not run (ZG003)
   */
  String take(
      StatementContext context,
      ConnectionIdentity identity,
      String statement,
      List<Finding> findings,
      SnapshotOptions options)
      throws SnapshotException;
}

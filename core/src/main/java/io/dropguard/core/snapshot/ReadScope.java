package io.dropguard.core.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * [#5] Reads a snapshot on the user's own connection (so it sees their uncommitted rows) and leaves its
 * transaction state as it found it.
 *
 * <ul>
 *   <li>Inside the user's transaction: a savepoint first, released on success and rolled back to on failure,
 *       because in PostgreSQL one failed read would otherwise abort the user's whole transaction.
 *   <li>In autocommit: a read-only REPEATABLE READ transaction of our own, so that the row count and the rows
 *       come from one consistent read; rolled back (it wrote nothing) and autocommit and the isolation level put
 *       back.
 * </ul>
 */
final class ReadScope implements AutoCloseable {
  private final Connection c;
  private final boolean wasAutoCommit;
  private final int isolation;
  private final Savepoint savepoint;
  private boolean succeeded;

  private ReadScope(Connection c, boolean wasAutoCommit, int isolation, Savepoint savepoint) {
    this.c = c;
    this.wasAutoCommit = wasAutoCommit;
    this.isolation = isolation;
    this.savepoint = savepoint;
  }

  static ReadScope open(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      try {
        if (isolation != Connection.TRANSACTION_REPEATABLE_READ
            && isolation != Connection.TRANSACTION_SERIALIZABLE
            && c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)) {
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
      } catch (SQLException e) {
        // Counts are still compared with the rows read; a change in between fails the snapshot, never passes.
      }
      return new ReadScope(c, true, isolation, null);
    }
    return new ReadScope(c, false, -1, c.setSavepoint());
  }

  /** The user may use their transaction in autocommit mode only after close; true when we started it. */
  boolean ownTransaction() {
    return wasAutoCommit;
  }

  void succeeded() {
    succeeded = true;
  }

  /** Puts the connection back; on failure of the read, undoes its effect on the user's transaction. */
  @Override
  public void close() throws SQLException {
    if (wasAutoCommit) {
      try {
        c.rollback();
      } finally {
        try {
          if (c.getTransactionIsolation() != isolation) {
            c.setTransactionIsolation(isolation);
          }
        } finally {
          c.setAutoCommit(true);
        }
      }
    } else if (succeeded) {
      c.releaseSavepoint(savepoint);
    } else {
      c.rollback(savepoint);
      try {
        c.releaseSavepoint(savepoint);
      } catch (SQLException e) {
        // some engines drop the savepoint with the rollback; the transaction is usable either way
      }
    }
  }
}

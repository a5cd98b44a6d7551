package io.dropguard.core;

import java.sql.Connection;

/** What the guard may need from the connection a statement is about to run on. */
public interface StatementContext {
  /**
   * The real (unguarded) connection, for snapshots and cheap row counts. Core uses it only with plain JDBC and
   * never changes its transaction state.
   */
  Connection rawConnection();

  /** A confirmation token presented through {@code DropGuard.confirm(connection, token)}, or null. */
  String presentedToken();

  /** Called when the presented token was used up by a statement. */
  void tokenConsumed();
}

package io.dropguard.core;

import java.sql.Connection;
import java.sql.SQLException;

/** What the guard may need from the connection a statement is about to run on. */
public interface StatementContext {
  /**
   * The real (unguarded) connection, for snapshots and cheap row counts. Core uses it only with plain JDBC and
   * never changes its transaction state.
   */
  Connection rawConnection();

  /**
   * A new connection to the same database with the same credentials, for work that must not run in the user's
   * transaction (a database-store snapshot's DDL, which MySQL would commit implicitly). The caller closes it.
   *
   * @throws SQLException when the attachment cannot open one (a Connection wrapped on its own)
   */
  Connection openSeparateConnection() throws SQLException;

  /** A confirmation token presented through {@code DropGuard.confirm(connection, token)}, or null. */
  String presentedToken();

  /** Called when the presented token was used up by a statement. */
  void tokenConsumed();

  /**
   * True when the guard is asked at {@code prepareStatement}/{@code prepareCall}/{@code nativeSQL} time, so that a
   * blocked statement fails early. Nothing runs now and the guard is asked again, with this false, right before
   * each execution: so the guard should refuse only what will certainly be refused (block, unanalysable, no
   * policy), and take no snapshot, issue or consume no token and write no audit record for it. While preparing,
   * {@link #presentedToken()} is null and a ZG002/ZG003 refusal is not reported to the program.
   */
  default boolean preparing() {
    return false;
  }
}

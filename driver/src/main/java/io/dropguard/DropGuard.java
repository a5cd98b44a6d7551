package io.dropguard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Wrapper;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The user API: guard a {@link DataSource} or a {@link Connection}, and present a confirmation token.
 *
 * <p>Nothing is guarded twice: an object that already is (or wraps, as a pool's proxy does) a guarded one is
 * returned unchanged.
 */
public final class DropGuard {
  private DropGuard() {}

  /**
   * A DataSource whose connections are guarded; {@code dataSource} itself when it already is guarded. Each
   * connection is governed by the policy that matches it (settings from system properties, agent options or
   * environment variables; see {@code dropguard.policies}).
   *
   * <p>Getting a connection from it throws {@link NoValidPolicyException} (SQLState {@code ZG005}) when no valid
   * policy governs that connection; the connection is then closed, never handed out unguarded.
   */
  public static DataSource wrap(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return isGuarded(dataSource) ? dataSource : new GuardedDataSource(dataSource);
  }

  /**
   * The guarded view of {@code connection}; {@code connection} itself when it already is guarded. Closing the
   * returned connection closes {@code connection}. A connection guarded this way cannot give the guard a second
   * connection to the same database (which a {@code snapshot} policy with {@code store: database} on MySQL
   * needs): prefer {@link #wrap(DataSource)} or the {@code jdbc:dropguard:} URL where you can.
   *
   * @throws NoValidPolicyException SQLState {@code ZG005} when no valid policy governs the connection
   * @throws SQLException when the connection's metadata cannot be read
   */
  public static Connection wrap(Connection connection) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    if (isGuarded(connection)) {
      return connection;
    }
    return GuardedConnection.open(connection, null, ConnectionOrigin.none(), Map.of(), false);
  }

  /**
   * Presents a confirmation token (from a {@code ZG002} message) for the next guarded statement on
   * {@code connection}. The token is used up by the statement it confirms; a token for another statement or
   * database, or an expired one, is refused when that statement runs.
   *
   * @throws IllegalArgumentException when {@code token} is null or blank
   * @throws SQLException when {@code connection} is not guarded by DropGuard (there is nothing to confirm)
   */
  public static void confirm(Connection connection, String token) throws SQLException {
    Objects.requireNonNull(connection, "connection");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("DropGuard.confirm: the token is empty; copy it from the ZG002 message");
    }
    GuardedConnection guarded;
    if (connection instanceof GuardedConnection) {
      guarded = (GuardedConnection) connection;
    } else if (connection.isWrapperFor(GuardedConnection.class)) {
      guarded = connection.unwrap(GuardedConnection.class);
    } else {
      throw new SQLException(
          "DropGuard.confirm: this connection is not guarded by DropGuard, so there is nothing to confirm. "
              + "Obtain it through a jdbc:dropguard: URL, DropGuard.wrap(...) or the DropGuard agent.");
    }
    guarded.present(token.strip());
  }

  /**
   * Whether {@code jdbcObject} is guarded by DropGuard: one of its wrappers, or a wrapper (a pool's proxy) around
   * one.
   */
  public static boolean isGuarded(Object jdbcObject) {
    if (jdbcObject instanceof Guarded) {
      return true;
    }
    if (jdbcObject instanceof Wrapper) {
      try {
        return ((Wrapper) jdbcObject).isWrapperFor(Guarded.class);
      } catch (SQLException | RuntimeException | AbstractMethodError e) {
        return false;
      }
    }
    return false;
  }
}

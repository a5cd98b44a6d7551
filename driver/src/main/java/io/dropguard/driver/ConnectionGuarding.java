package io.dropguard.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Internal, for DropGuard's agent: guards a connection the agent saw being created. Not for applications (use
 * {@code io.dropguard.DropGuard}).
 */
public final class ConnectionGuarding {
  private ConnectionGuarding() {}

  /**
   * Guards a connection a real driver just returned for {@code realUrl}; returns it unchanged when it is already
   * guarded ({@code isWrapperFor(Guarded.class)}).
   *
   * @throws SQLException ZG005 when no valid policy governs it
   */
  public static Connection guard(Connection connection, String realUrl, Properties info) throws SQLException {
    throw new UnsupportedOperationException("SKELETON: issue 4");
  }

  /**
   * True while DropGuard itself is inside a real driver's {@code connect} (the URL swap), so that the agent does
   * not guard the same connection a second time without the URL's {@code dropguard.*} properties.
   */
  public static boolean isDropGuardConnecting() {
    return false;
  }
}

package io.dropguard.driver;

import io.dropguard.Attachment;
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
   * guarded ({@code isWrapperFor(Guarded.class)}). {@code dropguard.*} properties in {@code info} configure the
   * guard. When the guard needs a second connection, it asks the driver that accepts {@code realUrl} again.
   *
   * @throws io.dropguard.NoValidPolicyException ZG005 when no valid policy governs it (it is then closed)
   */
  public static Connection guard(Connection connection, String realUrl, Properties info) throws SQLException {
    return Attachment.guardNew(
        connection, realUrl, info, (url, props) -> RealDriverLocator.find(url).connect(url, props));
  }

  /**
   * True while DropGuard itself is inside a real driver's {@code connect} or a DataSource's
   * {@code getConnection} (the URL swap, a wrapped DataSource, the guard's own second connection), so that the
   * agent does not guard the same connection a second time without the URL's {@code dropguard.*} properties.
   */
  public static boolean isDropGuardConnecting() {
    return Attachment.isDropGuardConnecting();
  }
}

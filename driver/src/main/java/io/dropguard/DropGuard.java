package io.dropguard;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The user API: guard a DataSource or a Connection, present a confirmation token. */
public final class DropGuard {
  private DropGuard() {}

  /** A DataSource whose connections are guarded; returns {@code dataSource} itself when already guarded. */
  public static DataSource wrap(DataSource dataSource) {
    throw new UnsupportedOperationException("SKELETON: issue 4");
  }

  /**
   * The guarded view of {@code connection}; returns it unchanged when already guarded.
   *
   * @throws SQLException ZG005 when no valid policy governs the connection
   */
  public static Connection wrap(Connection connection) throws SQLException {
    throw new UnsupportedOperationException("SKELETON: issue 4");
  }

  /** Presents a confirmation token for the next guarded statement on {@code connection}. */
  public static void confirm(Connection connection, String token) throws SQLException {
    throw new UnsupportedOperationException("SKELETON: issue 6");
  }

  /** Whether {@code jdbcObject} is one of DropGuard's guarded wrappers. */
  public static boolean isGuarded(Object jdbcObject) {
    return jdbcObject instanceof Guarded;
  }
}

package io.dropguard.agent;

import io.dropguard.Guarded;
import io.dropguard.driver.ConnectionGuarding;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Function;

/**
 * Decides, for each connection a driver or DataSource returns, whether the agent guards it, and guards it through
 * the driver's {@link ConnectionGuarding}. A connection is guarded exactly once: not when it already is (a pool on
 * top of a guarded driver, the URL swap, a wrapped DataSource), and not when DropGuard itself is connecting.
 */
final class GuardingHook implements Function<Object[], Object> {
  /** Set while this thread is inside {@link ConnectionGuarding#guard}: connections DropGuard opens are its own. */
  private static final ThreadLocal<Boolean> GUARDING = new ThreadLocal<>();

  /** Loaded at the first connection, not at start-up: the logging back end costs start-up time. */
  private static final class Log {
    static final System.Logger LOG = System.getLogger("io.dropguard.agent");
  }

  /** {connection, realUrl, info, origin}, as {@code AgentBridge} passes them. */
  @Override
  public Object apply(Object[] call) {
    try {
      return connectionCreated(call[0], (String) call[1], (Properties) call[2], (String) call[3]);
    } catch (SQLException e) {
      throw GuardingHook.<RuntimeException>sneaky(e); // the instrumented method declares SQLException
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  Object connectionCreated(Object created, String realUrl, Properties info, String origin) throws SQLException {
    if (!(created instanceof Connection)) {
      return created;
    }
    Connection connection = (Connection) created;
    if (GUARDING.get() != null || ConnectionGuarding.isDropGuardConnecting() || isGuarded(connection)) {
      return connection;
    }
    Log.LOG.log(System.Logger.Level.DEBUG, "guarding a new connection from {0}", origin);
    GUARDING.set(Boolean.TRUE);
    try {
      String url = realUrl != null ? realUrl : urlOf(connection);
      return ConnectionGuarding.guard(connection, url, info != null ? info : new Properties());
    } catch (SQLException e) {
      closeRefused(connection, e);
      throw e;
    } catch (RuntimeException | LinkageError e) {
      // Fail closed: an unexpected failure inside DropGuard must not hand out an unguarded connection.
      SQLException refusal =
          new SQLException(
              "DropGuard ZG005: the agent could not guard a new connection, so it was refused.\n"
                  + "  Cause:      " + e + "\n"
                  + "To proceed: report this with the stack trace; to run unguarded, remove -javaagent:dropguard-agent.jar.",
              "ZG005",
              e);
      closeRefused(connection, refusal);
      throw refusal;
    } finally {
      GUARDING.remove();
    }
  }

  private static boolean isGuarded(Connection connection) {
    if (connection instanceof Guarded) {
      return true;
    }
    try {
      return connection.isWrapperFor(Guarded.class);
    } catch (SQLException | RuntimeException e) {
      return false; // cannot tell: guard it (guarding twice is safe, not guarding is not)
    }
  }

  private static String urlOf(Connection connection) throws SQLException {
    return connection.getMetaData().getURL();
  }

  /** The caller never gets a refused connection, so nobody else would close it. */
  private static void closeRefused(Connection connection, Exception refusal) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      refusal.addSuppressed(e);
    }
  }
}

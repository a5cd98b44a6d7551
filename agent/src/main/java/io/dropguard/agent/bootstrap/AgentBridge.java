package io.dropguard.agent.bootstrap;

import java.util.Properties;
import java.util.function.Function;

/**
 * The only class advice code calls. It is normally loaded from the agent jar on the system class path, like the
 * rest of the agent; for a driver loaded by an isolated class loader (one that does not delegate to the system
 * class path) the agent also puts a copy on the bootstrap class path and installs the same hook into it. Its
 * signature names only {@code java.base} types, because the bootstrap loader cannot see {@code java.sql}.
 */
public final class AgentBridge {
  /** Takes {connection, realUrl, info, origin}; returns the connection the caller gets; may throw SQLException. */
  private static volatile Function<Object[], Object> hook;

  private AgentBridge() {}

  /** Called by the agent before any class is instrumented (and on the bootstrap copy when one is made). */
  public static void install(Function<Object[], Object> connectionHook) {
    hook = connectionHook;
  }

  /**
   * Called by advice on the return of {@code Driver.connect} and of every {@code getConnection} of a DataSource
   * or pooled connection; returns the connection the caller gets.
   *
   * @param connection the connection just created, or null
   * @param realUrl the URL given to {@code Driver.connect}, or null for a DataSource
   * @param info the properties given to {@code Driver.connect}, or null for a DataSource
   * @param origin the instrumented method, for diagnostics
   */
  public static Object connectionCreated(Object connection, String realUrl, Properties info, String origin) {
    if (connection == null) {
      return null;
    }
    Function<Object[], Object> h = hook;
    if (h == null) {
      // Instrumented but not wired: fail closed rather than hand out an unguarded connection.
      throw new IllegalStateException(
          "DropGuard ZG005: the agent instrumented " + origin + " but is not connected to it; connection refused");
    }
    return h.apply(new Object[] {connection, realUrl, info, origin});
  }
}

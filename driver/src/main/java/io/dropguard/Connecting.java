package io.dropguard;

import java.sql.SQLException;

/**
 * Marks the thread while DropGuard itself obtains a real connection (the URL swap, a wrapped DataSource, the
 * guard's separate connection), so that the agent does not guard that connection a second time.
 */
final class Connecting {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private Connecting() {}

  static boolean active() {
    return DEPTH.get()[0] > 0;
  }

  /** Runs {@code call} with the thread marked (nestable). */
  static <T> T call(SqlCall<T> call) throws SQLException {
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      return call.call();
    } finally {
      depth[0]--;
    }
  }

  /** Something that obtains a real connection. */
  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }
}

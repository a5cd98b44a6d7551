package io.dropguard;

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

  /** Marks the thread until the returned scope is closed (nestable). */
  static Scope enter() {
    int[] depth = DEPTH.get();
    depth[0]++;
    return () -> depth[0]--;
  }

  /** A marked stretch of the thread. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}

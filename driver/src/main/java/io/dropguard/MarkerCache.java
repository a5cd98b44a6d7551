package io.dropguard;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.identity.MarkerStore;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity markers read recently, per real URL, so that a pool opening many connections reads the table
 * once every {@link #TTL_NANOS} rather than once per connection. An unreadable marker is reported once per URL.
 */
final class MarkerCache {
  static final long TTL_NANOS = 30_000_000_000L;
  private static final System.Logger LOG = System.getLogger("io.dropguard.identity");
  private static final MarkerCache SHARED = new MarkerCache();

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  private record Entry(MarkerStore.Reading reading, long readAt) {}

  static MarkerCache shared() {
    return SHARED;
  }

  /**
   * The marker of the database behind {@code connection}, or null when it has none or it cannot be read.
   *
   * @param now a {@link System#nanoTime()} reading the caller took (an entry that seems read after it, by another
   *     thread or on a test's clock, counts as expired: read again)
   */
  String marker(Connection connection, String realUrl, Dialect dialect, boolean fresh, long now) {
    Entry entry = entries.get(realUrl);
    long age = entry == null ? 0 : now - entry.readAt();
    if (entry == null || age > TTL_NANOS || age < 0) {
      entry = new Entry(MarkerStore.forDialect(dialect).read(connection, fresh), now);
      entries.put(realUrl, entry);
    }
    MarkerStore.Reading reading = entry.reading();
    if (reading.status() == MarkerStore.Status.UNREADABLE && reported.add(realUrl)) {
      LOG.log(
          Level.WARNING,
          "DropGuard: the identity marker of {0} could not be read ({1}). Policies that match by marker do not "
              + "apply to it; policies are matched by URL and user instead (it is still guarded). To proceed: "
              + "grant SELECT on " + MarkerStore.TABLE + " to this user.",
          JdbcUrls.mask(realUrl),
          reading.problem());
    }
    return reading.marker();
  }

  /** Forgets what was read (tests, and {@code dropguard mark} in the same JVM). */
  void clear() {
    entries.clear();
    reported.clear();
  }
}

package io.dropguard.core;

import io.dropguard.core.settings.Settings;
import io.dropguard.core.settings.SettingsException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The guards of one wrapped DataSource ({@code DropGuard.wrap}), whose every borrow of a pooled connection needs a
 * guard. A {@link Guard} holds no per-connection state, so connections with the same identity and the same settings
 * share one. The identity is still resolved by the caller on every borrow (a routing DataSource hands out
 * connections to different databases); what is reused is what follows from it:
 *
 * <ul>
 *   <li>the settings (system properties, agent options, environment; a wrapped DataSource has no connection
 *       properties) are resolved again at most once per interval (the policy check interval, one second), and
 *       every guard is then built again, so that a changed system property or a policy directory that appeared
 *       takes effect within that interval;
 *   <li>a refusal is never kept: settings that do not resolve, or an identity no valid policy governs, are
 *       evaluated again on the next borrow; a reused guard's policy is looked up again on every borrow (the hot
 *       reload check, itself at most once per interval), so a borrow is refused (ZG005) as a new guard would be;
 *   <li>at most {@link #MAX_IDENTITIES} identities are kept; one more and all are dropped.
 * </ul>
 *
 * Thread-safe.
 */
public final class SharedGuards {
  /** How many identities are kept (a routing DataSource has few targets). */
  static final int MAX_IDENTITIES = 64;

  private final GuardFactory factory;
  private final LongSupplier nanoTime;
  private final long intervalNanos;
  private volatile Generation generation;

  /** The settings resolved at one time, and the guards built with them. */
  private static final class Generation {
    final Settings settings;
    final long resolvedAt;
    final Map<ConnectionIdentity, Guard> guards = new ConcurrentHashMap<>();

    Generation(Settings settings, long resolvedAt) {
      this.settings = settings;
      this.resolvedAt = resolvedAt;
    }
  }

  /**
   * For {@link GuardFactory#sharedGuards()}, and for tests that drive the clock.
   *
   * @param nanoTime the clock the interval is measured on
   * @param intervalNanos how long resolved settings are used, at most
   */
  public SharedGuards(GuardFactory factory, LongSupplier nanoTime, long intervalNanos) {
    this.factory = factory;
    this.nanoTime = nanoTime;
    this.intervalNanos = intervalNanos;
  }

  /**
   * The guard for a connection with this identity.
   *
   * @throws RefusedException ZG005 when no valid policy governs it, or a {@code dropguard.*} setting is unknown
   */
  public Guard open(ConnectionIdentity identity) throws RefusedException {
    return open(identity, nanoTime());
  }

  /** A reading of this object's clock, for {@link #open(ConnectionIdentity, long)}. */
  public long nanoTime() {
    return nanoTime.getAsLong();
  }

  /**
   * As {@link #open(ConnectionIdentity)}, at {@code now}, a reading of {@link #nanoTime()} the caller took (and
   * used for its own caches).
   *
   * @throws RefusedException ZG005 when no valid policy governs it, or a {@code dropguard.*} setting is unknown
   */
  public Guard open(ConnectionIdentity identity, long now) throws RefusedException {
    Generation g = current(identity, now);
    Guard guard = g.guards.get(identity);
    if (guard != null) {
      try {
        guard.policy(); // what PolicyBinding.of checks for a new guard
        return guard;
      } catch (RefusedException e) {
        g.guards.remove(identity, guard);
        throw e;
      }
    }
    guard = factory.open(identity, g.settings);
    if (g.guards.size() >= MAX_IDENTITIES) {
      g.guards.clear();
    }
    Guard raced = g.guards.putIfAbsent(identity, guard);
    return raced != null ? raced : guard;
  }

  private Generation current(ConnectionIdentity identity, long now) throws RefusedException {
    Generation g = generation;
    if (g != null && now - g.resolvedAt < intervalNanos) {
      return g;
    }
    Settings settings;
    try {
      settings = factory.settings(Map.of());
    } catch (SettingsException e) {
      generation = null; // not kept: the next borrow reads the settings again
      throw GuardFactory.badSettings(identity, e);
    }
    Generation next = new Generation(settings, now);
    generation = next;
    return next;
  }
}

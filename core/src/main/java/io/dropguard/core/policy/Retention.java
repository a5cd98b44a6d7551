package io.dropguard.core.policy;

import java.time.Duration;

/**
 * The {@code snapshot.keep} setting: snapshots older than {@code age}, or beyond the newest {@code count}, may be
 * pruned. Exactly one of them is set; both null means keep everything.
 */
public record Retention(Duration age, Integer count) {
  public static final Retention FOREVER = new Retention(null, null);
}

package io.dropguard.core;

import io.dropguard.core.analysis.SqlAnalyzer;
import java.util.Map;

/** Builds the {@link Guard} of a connection from the settings and the connection's identity. */
public final class GuardFactory {
  private static final GuardFactory SHARED = new GuardFactory();

  /** The process-wide factory (policy files are loaded once and reloaded when edited). */
  public static GuardFactory shared() {
    return SHARED;
  }

  /**
   * The guard for a new connection.
   *
   * @param identity what the connection is connected to
   * @param connectionSettings the {@code dropguard.*} connection properties (highest precedence)
   * @throws RefusedException ZG005 when no valid policy governs this connection
   */
  public Guard open(ConnectionIdentity identity, Map<String, String> connectionSettings)
      throws RefusedException {
    // SKELETON: replaced by policy selection (issue 3).
    return new Guard(identity, SqlAnalyzer.shared());
  }
}

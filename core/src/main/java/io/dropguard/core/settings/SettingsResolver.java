package io.dropguard.core.settings;

import java.util.Map;

/** Resolves settings: connection property > system property > agent option > environment variable. */
public final class SettingsResolver {
  private static volatile Map<String, String> agentOptions = Map.of();

  private SettingsResolver() {}

  /** Called once by the Java agent with its {@code -javaagent:...=k=v,...} options (keys as {@code dropguard.x}). */
  public static void installAgentOptions(Map<String, String> options) {
    agentOptions = Map.copyOf(options);
  }

  static Map<String, String> agentOptions() {
    return agentOptions;
  }
}

package io.dropguard.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's options, {@code -javaagent:dropguard-agent.jar=policies=/etc/dropguard/policies,audit=stderr}: a
 * comma-separated list of {@code key=value}, keys with or without the {@code dropguard.} prefix. They are handed
 * to the settings resolver with the prefix, where they rank below connection and system properties and above the
 * environment. Malformed entries are collected, not thrown, and reported on standard error; unknown keys are left
 * to the settings resolver, which knows every setting, suggests the closest one and refuses connections (ZG005)
 * unless {@code on_config_error=warn}.
 */
final class AgentOptions {
  static final String PREFIX = "dropguard.";

  private final Map<String, String> settings;
  private final List<String> problems;

  private AgentOptions(Map<String, String> settings, List<String> problems) {
    this.settings = Collections.unmodifiableMap(settings);
    this.problems = List.copyOf(problems);
  }

  static AgentOptions parse(String agentArgs) {
    Map<String, String> settings = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    if (agentArgs == null || agentArgs.isBlank()) {
      return new AgentOptions(settings, problems);
    }
    for (String entry : agentArgs.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        problems.add("option '" + entry.trim() + "' is not key=value (example: policies=/etc/dropguard/policies)");
        // kept, so that the resolver refuses connections on it (fail closed) instead of silently ignoring it
        String bareEntry = entry.trim().startsWith(PREFIX) ? entry.trim().substring(PREFIX.length()) : entry.trim();
        settings.put(PREFIX + bareEntry.replace("=", ""), "");
        continue;
      }
      String key = entry.substring(0, eq).trim();
      String value = entry.substring(eq + 1).trim();
      String bare = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
      if (settings.put(PREFIX + bare, value) != null) {
        problems.add("option '" + bare + "' is given twice; the last value counts");
      }
    }
    return new AgentOptions(settings, problems);
  }

  /** The options as settings, keys prefixed with {@code dropguard.}. */
  Map<String, String> settings() {
    return settings;
  }

  List<String> problems() {
    return problems;
  }

  String get(String bareKey) {
    return settings.get(PREFIX + bareKey);
  }
}

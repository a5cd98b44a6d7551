package io.dropguard.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's options, {@code -javaagent:dropguard-agent.jar=policies=/etc/dropguard/policies,audit=stderr}: a
 * comma-separated list of {@code key=value}, keys with or without the {@code dropguard.} prefix. They are handed
 * to the settings resolver with the prefix, where they rank below connection and system properties and above the
 * environment. Problems (unknown key, an entry without {@code =}) are collected, not thrown: the agent reports
 * them on standard error and the resolver, which knows every setting, refuses connections on an unknown key.
 */
final class AgentOptions {
  static final String PREFIX = "dropguard.";

  /** The settings of SPEC an agent option may carry (without the prefix). */
  static final Set<String> KNOWN = Set.of("policies", "confirm", "audit", "on_config_error");

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
        continue;
      }
      String key = entry.substring(0, eq).trim();
      String value = entry.substring(eq + 1).trim();
      String bare = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
      if (!KNOWN.contains(bare)) {
        String suggestion = closest(bare);
        problems.add(
            "unknown option '" + key + "'"
                + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                + "; known options: " + String.join(", ", new java.util.TreeSet<>(KNOWN)));
      }
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

  private static String closest(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : KNOWN) {
      int d = distance(key, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

package io.dropguard.core.settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Environment variables {@code DROPGUARD_X}, seen as settings {@code dropguard.x}. Read-only once built. */
final class EnvironmentSource implements SettingsSource {
  private static final String ENV_PREFIX = "DROPGUARD_";
  private final Map<String, String> env;
  private final Map<String, String> entries = new LinkedHashMap<>();
  private final Map<String, String> envNames = new LinkedHashMap<>();

  EnvironmentSource(Map<String, String> env) {
    this.env = env;
    env.forEach(
        (k, v) -> {
          if (k != null && k.startsWith(ENV_PREFIX) && v != null) {
            String key = SettingsResolver.PREFIX + k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            entries.put(key, v);
            envNames.put(key, k);
          }
        });
  }

  /** Whether this was read from that very map instance. */
  boolean isOf(Map<String, String> map) {
    return env == map;
  }

  @Override
  public String describe(String key) {
    return "environment variable " + envNames.getOrDefault(key, key);
  }

  @Override
  public Map<String, String> entries() {
    return entries;
  }
}

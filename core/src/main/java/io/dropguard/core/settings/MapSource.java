package io.dropguard.core.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Connection properties, system properties or agent options: entries already named {@code dropguard.x}. */
final class MapSource implements SettingsSource {
  /** System properties of DropGuard's own build (the root pom's surefire configuration), not settings. */
  private static final Set<String> NOT_SETTINGS = Set.of("dropguard.corpus");

  private final String kind;
  private final Map<String, String> entries;

  private MapSource(String kind, Map<String, String> entries) {
    this.kind = kind;
    this.entries = entries;
  }

  static MapSource connection(Map<String, String> props) {
    return new MapSource("connection property", dropguardOnly(props));
  }

  static MapSource systemProperties(Map<?, ?> props) {
    Map<String, String> m = new LinkedHashMap<>();
    // Properties may be modified by other threads; copy defensively.
    for (Object k : props.keySet().toArray()) {
      if (k instanceof String
          && ((String) k).startsWith(SettingsResolver.PREFIX)
          && !NOT_SETTINGS.contains(k)) {
        Object v = props.get(k);
        if (v instanceof String) {
          m.put((String) k, (String) v);
        }
      }
    }
    return new MapSource("system property", m);
  }

  static MapSource agentOptions(Map<String, String> options) {
    return new MapSource("agent option", dropguardOnly(options));
  }

  private static Map<String, String> dropguardOnly(Map<String, String> in) {
    Map<String, String> m = new LinkedHashMap<>();
    in.forEach(
        (k, v) -> {
          if (k != null && k.startsWith(SettingsResolver.PREFIX) && v != null) {
            m.put(k, v);
          }
        });
    return m;
  }

  @Override
  public String describe(String key) {
    return kind + " " + key;
  }

  @Override
  public Map<String, String> entries() {
    return entries;
  }
}

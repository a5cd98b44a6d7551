package io.dropguard.core.settings;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Resolved settings of one connection. Immutable. */
public final class Settings {
  private final Map<Setting, String> values;
  private final Map<Setting, String> sources;
  private final List<String> warnings;

  Settings(Map<Setting, String> values, Map<Setting, String> sources) {
    this(values, sources, List.of());
  }

  Settings(Map<Setting, String> values, Map<Setting, String> sources, List<String> warnings) {
    this.warnings = List.copyOf(warnings);
    this.values = values.isEmpty() ? new EnumMap<>(Setting.class) : new EnumMap<>(values);
    this.sources = sources.isEmpty() ? new EnumMap<>(Setting.class) : new EnumMap<>(sources);
  }

  /** Only defaults. */
  public static Settings defaults() {
    return new Settings(Map.of(), Map.of());
  }

  /** Problems tolerated because {@code dropguard.on_config_error=warn} (unknown keys); empty otherwise. */
  public List<String> warnings() {
    return warnings;
  }

  /** The value given by some source, else the default (which may be null). */
  public String get(Setting s) {
    String v = values.get(s);
    return v != null ? v : s.defaultValue();
  }

  /** Whether a source gave {@code s} (rather than the default). */
  public boolean isSet(Setting s) {
    return values.containsKey(s);
  }

  /**
   * Where the value came from, for messages: {@code connection property dropguard.policies}, {@code environment
   * variable DROPGUARD_POLICIES}, or {@code default}.
   */
  public String sourceOf(Setting s) {
    String src = sources.get(s);
    return src != null ? src : "default";
  }

  /** {@link Setting#STATE_DIR}, with {@code ~} expanded. */
  public Path stateDir() {
    return expandHome(get(Setting.STATE_DIR));
  }

  /** A path setting with {@code ~} expanded. */
  public static Path expandHome(String p) {
    if (p.equals("~") || p.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + p.substring(1));
    }
    return Path.of(p);
  }

  /** A copy with {@code s} set (for tests and for the CLI). */
  public Settings with(Setting s, String value, String source) {
    EnumMap<Setting, String> v = new EnumMap<>(Setting.class);
    v.putAll(values);
    v.put(s, value);
    EnumMap<Setting, String> src = new EnumMap<>(Setting.class);
    src.putAll(sources);
    src.put(s, source);
    return new Settings(v, src, warnings);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}

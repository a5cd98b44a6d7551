package io.dropguard.core.settings;

import io.dropguard.core.policy.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Resolves settings: connection property > system property > agent option > environment variable. */
public final class SettingsResolver {
  static final String PREFIX = "dropguard.";
  private static final List<String> KEYS =
      Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toList());
  private static volatile Map<String, String> agentOptions = Map.of();
  /** The {@code DROPGUARD_*} part of the process environment, which never changes in-process: read once. */
  private static volatile EnvironmentSource processEnvironment;

  private SettingsResolver() {}

  /** Called once by the Java agent with its {@code -javaagent:...=k=v,...} options (keys as {@code dropguard.x}). */
  public static void installAgentOptions(Map<String, String> options) {
    agentOptions = Map.copyOf(options);
  }

  /** The options the agent installed (empty without the agent). */
  public static Map<String, String> agentOptions() {
    return agentOptions;
  }

  /**
   * The settings of a connection, from this process's system properties, agent options and environment.
   *
   * @throws SettingsException when a {@code dropguard.*} key (or {@code DROPGUARD_*} variable) is not a setting
   */
  public static Settings resolve(Map<String, String> connectionSettings) throws SettingsException {
    return resolve(connectionSettings, System.getProperties(), agentOptions, System.getenv());
  }

  /**
   * The settings from the given sources (for tests: the environment is a map).
   *
   * @throws SettingsException when a {@code dropguard.*} key (or {@code DROPGUARD_*} variable) is not a setting
   *     (unless {@code dropguard.on_config_error=warn}: then {@link Settings#warnings()} lists them)
   */
  public static Settings resolve(
      Map<String, String> connection, Map<?, ?> systemProperties, Map<String, String> agent, Map<String, String> env)
      throws SettingsException {
    List<SettingsSource> sources =
        List.of(
            MapSource.connection(connection),
            MapSource.systemProperties(systemProperties),
            MapSource.agentOptions(agent),
            environmentSource(env));
    List<String> unknown = new ArrayList<>();
    EnumMap<Setting, String> values = new EnumMap<>(Setting.class);
    EnumMap<Setting, String> from = new EnumMap<>(Setting.class);
    for (SettingsSource source : sources) {
      for (Map.Entry<String, String> e : source.entries().entrySet()) {
        Setting s = Setting.fromKey(e.getKey()).orElse(null);
        if (s == null) {
          String suggestion = Suggestions.closest(e.getKey(), KEYS);
          unknown.add(
              "unknown setting "
                  + source.describe(e.getKey())
                  + (suggestion != null
                      ? ", did you mean " + describeLike(source, e.getKey(), suggestion) + "?"
                      : " (known: " + String.join(", ", KEYS) + ")"));
        } else if (!values.containsKey(s)) {
          values.put(s, e.getValue());
          from.put(s, source.describe(e.getKey()));
        }
      }
    }
    String onError = values.getOrDefault(Setting.ON_CONFIG_ERROR, Setting.ON_CONFIG_ERROR.defaultValue());
    if (!onError.equals("refuse") && !onError.equals("warn")) {
      throw new SettingsException(
          "setting " + from.get(Setting.ON_CONFIG_ERROR) + " is '" + onError + "': expected refuse or warn");
    }
    if (!unknown.isEmpty() && !onError.equals("warn")) {
      throw new SettingsException(String.join("\n", unknown));
    }
    return new Settings(values, from, unknown);
  }

  /**
   * The settings source of {@code env}. The process environment ({@link System#getenv()}, an immutable map, the
   * same instance on every call) is scanned once; any other map (tests) is scanned every time, since it may change.
   */
  private static EnvironmentSource environmentSource(Map<String, String> env) {
    EnvironmentSource cached = processEnvironment;
    if (cached != null && cached.isOf(env)) {
      return cached;
    }
    EnvironmentSource source = new EnvironmentSource(env);
    if (env == System.getenv()) {
      processEnvironment = source;
    }
    return source;
  }

  private static String describeLike(SettingsSource source, String typedKey, String suggestedKey) {
    if (source instanceof EnvironmentSource) {
      return "'" + Setting.fromKey(suggestedKey).map(Setting::envName).orElse(suggestedKey) + "'";
    }
    return "'" + suggestedKey + "'";
  }
}

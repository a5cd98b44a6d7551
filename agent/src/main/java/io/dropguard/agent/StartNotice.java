package io.dropguard.agent;

import io.dropguard.core.settings.Setting;
import io.dropguard.core.settings.Settings;
import io.dropguard.core.settings.SettingsException;
import io.dropguard.core.settings.SettingsResolver;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the agent says on standard error: one line when it starts (version, and where policies come from), its
 * option problems, and why it could not install itself. Never standard output: scripts pipe that. Must be
 * created after the agent options are installed, so that the settings it reports are the ones connections get.
 */
final class StartNotice {
  private final AgentOptions options;
  private final PrintStream err = System.err;
  private final Settings settings;
  private final String settingsProblem;

  StartNotice(AgentOptions options) {
    this.options = options;
    Settings resolved = null;
    String problem = null;
    try {
      resolved = SettingsResolver.resolve(Map.of());
    } catch (SettingsException e) {
      problem = e.getMessage();
    }
    this.settings = resolved;
    this.settingsProblem = problem;
  }

  void reportProblems() {
    for (String problem : options.problems()) {
      err.println("DropGuard agent: " + problem + ".");
    }
    if (settings != null) {
      for (String warning : settings.warnings()) {
        err.println("DropGuard agent: " + warning + " (ignored: dropguard.on_config_error=warn).");
      }
    }
    if (settingsProblem != null) {
      err.println(
          "DropGuard agent: " + settingsProblem.replace("\n", "\n  ")
              + "\n  Connections will be refused (ZG005) until this is fixed.");
    }
  }

  void started() {
    err.println("DropGuard agent " + version() + ": guarding JDBC connections in this JVM; policies: " + policies());
  }

  void installFailed(Throwable cause) {
    err.println(
        "DropGuard agent " + version() + ": could not install itself (" + cause + ").\n"
            + (warnOnly()
                ? "  dropguard.on_config_error=warn is set, so this JVM runs UNGUARDED."
                : "  Nothing could be guarded, so the JVM does not start (fail closed).\n"
                    + "To proceed: fix the cause above, or set dropguard.on_config_error=warn to run unguarded."));
  }

  /** The documented escape {@code dropguard.on_config_error=warn}, from any source. */
  boolean warnOnly() {
    if (settings != null) {
      return "warn".equals(settings.get(Setting.ON_CONFIG_ERROR));
    }
    String value = System.getProperty(Setting.ON_CONFIG_ERROR.key());
    if (value == null) {
      value = options.get("on_config_error");
    }
    if (value == null) {
      value = System.getenv(Setting.ON_CONFIG_ERROR.envName());
    }
    return "warn".equalsIgnoreCase(value);
  }

  /** Where policies come from, as the settings resolver sees it (no policy file is read here: start-up cost). */
  String policies() {
    if (settings == null) {
      return "unknown, the settings are invalid (see above)";
    }
    if (settings.isSet(Setting.POLICIES)) {
      return describe(settings.get(Setting.POLICIES), settings.sourceOf(Setting.POLICIES));
    }
    Path inStateDir = settings.stateDir().resolve("policies");
    if (Files.isDirectory(inStateDir)) {
      return describe(inStateDir.toString(), "state_dir");
    }
    return "none configured, the built-in default policy applies (set policies=<dir> to use yours)";
  }

  private static String describe(String path, String source) {
    boolean exists;
    try {
      exists = Files.exists(Settings.expandHome(path));
    } catch (RuntimeException invalid) {
      exists = false;
    }
    return path + " (from " + source + ")" + (exists ? "" : " - NOT FOUND: connections will be refused (ZG005)");
  }

  static String version() {
    String v = DropGuardAgent.class.getPackage().getImplementationVersion();
    return v != null ? v : "(development build)";
  }
}

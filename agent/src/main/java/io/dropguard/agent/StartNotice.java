package io.dropguard.agent;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the agent says on standard error: one line when it starts (version, and where policies come from), its
 * option problems, and why it could not install itself. Never standard output: scripts pipe that.
 */
final class StartNotice {
  private final AgentOptions options;
  private final Map<String, String> environment;
  private final PrintStream err = System.err;

  StartNotice(AgentOptions options, Map<String, String> environment) {
    this.options = options;
    this.environment = environment;
  }

  void reportProblems() {
    for (String problem : options.problems()) {
      err.println("DropGuard agent: " + problem + ". Connections will be refused (ZG005) until it is fixed.");
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

  /** The documented escape: {@code dropguard.on_config_error=warn} (system property > agent option > env). */
  boolean warnOnly() {
    return "warn".equalsIgnoreCase(setting("on_config_error"));
  }

  /** Where policies come from, in the resolver's order (system property > agent option > environment). */
  String policies() {
    String system = System.getProperty(AgentOptions.PREFIX + "policies");
    if (system != null) {
      return describe(system, "system property dropguard.policies");
    }
    String option = options.get("policies");
    if (option != null) {
      return describe(option, "agent option");
    }
    String env = environment.get("DROPGUARD_POLICIES");
    if (env != null) {
      return describe(env, "environment DROPGUARD_POLICIES");
    }
    return "none configured, the built-in default policy applies (set policies=<dir> to use yours)";
  }

  private String setting(String bareKey) {
    String system = System.getProperty(AgentOptions.PREFIX + bareKey);
    if (system != null) {
      return system;
    }
    String option = options.get(bareKey);
    return option != null ? option : environment.get("DROPGUARD_" + bareKey.toUpperCase(java.util.Locale.ROOT));
  }

  private static String describe(String path, String source) {
    boolean exists;
    try {
      exists = Files.exists(Path.of(path));
    } catch (RuntimeException invalid) {
      exists = false;
    }
    return path + " (" + source + ")"
        + (exists ? "" : " - NOT FOUND: connections will be refused (ZG005)");
  }

  static String version() {
    String v = DropGuardAgent.class.getPackage().getImplementationVersion();
    return v != null ? v : "(development build)";
  }
}

package io.dropguard.core.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * Every DropGuard setting: the one table README's settings table is checked against (README.md, tested by
 * {@code SettingsDocTest}).
 */
public enum Setting {
  POLICIES(
      "dropguard.policies",
      null,
      "a policy file, or a directory of `*.yaml`/`*.yml` policy files; when not set, `<state_dir>/policies` if it"
          + " exists, else the built-in default policy"),
  CONFIRM("dropguard.confirm", null, "a confirmation token to present with the next guarded statement"),
  AUDIT(
      "dropguard.audit",
      "stderr",
      "where the audit log goes: a file path (one JSON line per destructive statement, appended), or `stderr`"),
  STATE_DIR(
      "dropguard.state_dir",
      "~/.dropguard",
      "where DropGuard keeps its confirmation secret, its used-token record and (by default) snapshots"),
  CONFIRM_SECRET(
      "dropguard.confirm_secret",
      null,
      "a shared secret for confirmation tokens, so that a fleet of processes accepts each other's tokens; when"
          + " not set, a key generated in `state_dir`"),
  ON_CONFIG_ERROR(
      "dropguard.on_config_error",
      "refuse",
      "`refuse` (ZG005) or `warn` when policy files are broken or none matches; `warn` guards with the built-in"
          + " default policy and says so on standard error");

  private final String key;
  private final String envName;
  private final String defaultValue;
  private final String doc;

  Setting(String key, String defaultValue, String doc) {
    this.key = key;
    this.envName = key.toUpperCase(Locale.ROOT).replace('.', '_');
    this.defaultValue = defaultValue;
    this.doc = doc;
  }

  /** The property name, such as {@code dropguard.policies}. */
  public String key() {
    return key;
  }

  /** The environment variable, such as {@code DROPGUARD_POLICIES}. */
  public String envName() {
    return envName;
  }

  /** The value when no source gives one, or null. */
  public String defaultValue() {
    return defaultValue;
  }

  /** One line for the settings table. */
  public String doc() {
    return doc;
  }

  public static Optional<Setting> fromKey(String key) {
    for (Setting s : values()) {
      if (s.key.equals(key)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

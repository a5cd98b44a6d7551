package io.dropguard.core.confirm;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Where confirmation keeps its state, and with which key and clock.
 *
 * @param stateDir {@code dropguard.state_dir}: holds {@code secret} (unless {@code secret} is given) and the
 *     {@code used-tokens} and {@code issued-tokens} records; created with owner-only permissions
 * @param secret {@code dropguard.confirm_secret}: a key shared by a fleet of processes (at least 16 characters),
 *     or null to generate one in {@code stateDir/secret} on first use
 * @param clock the clock tokens expire by (injectable for tests)
 */
public record ConfirmSettings(Path stateDir, String secret, Clock clock) {
  public static final String STATE_DIR = "dropguard.state_dir";
  public static final String SECRET = "dropguard.confirm_secret";

  public ConfirmSettings {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(clock, "clock");
    if (secret != null && secret.isBlank()) {
      secret = null;
    }
  }

  /** The default state directory, {@code ~/.dropguard}. */
  public static Path defaultStateDir() {
    return Path.of(System.getProperty("user.home"), ".dropguard");
  }

  /**
   * Settings from system properties, then environment variables ({@code DROPGUARD_STATE_DIR},
   * {@code DROPGUARD_CONFIRM_SECRET}), then defaults, with the system clock. Used until the settings resolver
   * hands the guard resolved values (then call {@link #of}).
   */
  public static ConfirmSettings from(Map<String, String> systemProperties, Map<String, String> environment) {
    String dir = first(systemProperties.get(STATE_DIR), environment.get("DROPGUARD_STATE_DIR"));
    String secret = first(systemProperties.get(SECRET), environment.get("DROPGUARD_CONFIRM_SECRET"));
    return of(dir, secret);
  }

  /** Settings from resolved values; a null or blank {@code stateDir} means {@code ~/.dropguard}. */
  public static ConfirmSettings of(String stateDir, String secret) {
    Path dir = stateDir == null || stateDir.isBlank() ? defaultStateDir() : expandHome(stateDir.strip());
    return new ConfirmSettings(dir, secret, Clock.systemUTC());
  }

  public ConfirmSettings withClock(Clock c) {
    return new ConfirmSettings(stateDir, secret, c);
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "ConfirmSettings[stateDir=" + stateDir + ", secret=" + (secret == null ? "file" : "given") + "]";
  }

  private static Path expandHome(String dir) {
    if (dir.equals("~") || dir.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + dir.substring(1));
    }
    return Path.of(dir);
  }

  private static String first(String a, String b) {
    return a != null && !a.isBlank() ? a : b;
  }
}

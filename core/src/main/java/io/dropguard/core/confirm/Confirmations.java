package io.dropguard.core.confirm;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where the guard gets its {@link Confirmer}. */
public final class Confirmations {
  private static final Map<Key, Confirmer> BY_SETTINGS = new ConcurrentHashMap<>();

  private record Key(Path stateDir, String secret) {}

  private Confirmations() {}

  /**
   * The process-wide confirmer, configured from system properties and environment variables
   * ({@code dropguard.state_dir} / {@code DROPGUARD_STATE_DIR}, {@code dropguard.confirm_secret} /
   * {@code DROPGUARD_CONFIRM_SECRET}). The settings are read on each call, so a guard created after they change
   * sees the change.
   */
  public static Confirmer confirmer() {
    return confirmer(ConfirmSettings.from(systemProperties(), System.getenv()));
  }

  /**
   * The confirmer for resolved settings (one per state directory and secret, so the secret is read once). This is
   * the hook for a guard that resolved {@code dropguard.state_dir} and {@code dropguard.confirm_secret} itself:
   * {@code Confirmations.confirmer(ConfirmSettings.of(stateDir, secret))}.
   */
  public static Confirmer confirmer(ConfirmSettings settings) {
    if (!settings.clock().equals(java.time.Clock.systemUTC())) {
      return new TokenConfirmer(settings, Terminal::system);
    }
    return BY_SETTINGS.computeIfAbsent(new Key(settings.stateDir().toAbsolutePath().normalize(), settings.secret()),
        k -> new TokenConfirmer(settings, Terminal::system));
  }

  private static Map<String, String> systemProperties() {
    return Map.of(
        ConfirmSettings.STATE_DIR, System.getProperty(ConfirmSettings.STATE_DIR, ""),
        ConfirmSettings.SECRET, System.getProperty(ConfirmSettings.SECRET, ""));
  }
}

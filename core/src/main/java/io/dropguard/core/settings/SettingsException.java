package io.dropguard.core.settings;

/** A {@code dropguard.*} setting that DropGuard does not know, or a value it cannot use. */
public final class SettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }
}

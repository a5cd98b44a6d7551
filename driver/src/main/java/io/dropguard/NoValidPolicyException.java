package io.dropguard;

/** SQLState {@code ZG005}: no valid policy governs this connection (a configuration error), so DropGuard refuses it rather than leave it unguarded. */
public final class NoValidPolicyException extends DropGuardException {
  private static final long serialVersionUID = 1L;

  NoValidPolicyException(String message, Throwable cause) {
    super(message, "ZG005", cause);
  }
}

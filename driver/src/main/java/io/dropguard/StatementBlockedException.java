package io.dropguard;

/** SQLState {@code ZG001}: the statement was blocked by the policy that governs the database; no part of it ran. */
public final class StatementBlockedException extends DropGuardException {
  private static final long serialVersionUID = 1L;

  StatementBlockedException(String message, Throwable cause) {
    super(message, "ZG001", cause);
  }
}

package io.dropguard;

/** SQLState {@code ZG002}: the statement needs a confirmation token; the message carries the token and how to present it. Nothing ran. */
public final class ConfirmationRequiredException extends DropGuardException {
  private static final long serialVersionUID = 1L;

  ConfirmationRequiredException(String message, Throwable cause) {
    super(message, "ZG002", cause);
  }
}

package io.dropguard;

/** SQLState {@code ZG004}: the statement could not be analysed, might be destructive, and was blocked. */
public final class UnanalyzableStatementException extends DropGuardException {
  private static final long serialVersionUID = 1L;

  UnanalyzableStatementException(String message, Throwable cause) {
    super(message, "ZG004", cause);
  }
}

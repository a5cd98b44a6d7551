package io.dropguard.core.confirm;

/** The secret or the used-token record cannot be read or written; confirmation then fails closed. */
final class ConfirmStateException extends Exception {
  private static final long serialVersionUID = 1L;

  ConfirmStateException(String message, Throwable cause) {
    super(message, cause);
  }

  ConfirmStateException(String message) {
    super(message);
  }
}

package io.dropguard;

import io.dropguard.core.Refusal;
import java.sql.SQLException;

/**
 * A statement or connection that DropGuard stopped. Its SQLState is of class {@code ZG}; there is one subclass per
 * state, so that a program can catch exactly what it can handle. The message is written for the person reading
 * it: what was stopped, on which database, by which policy file and rule, and "To proceed:" with the next step.
 */
public class DropGuardException extends SQLException {
  private static final long serialVersionUID = 1L;

  DropGuardException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }

  /** The exception of the subclass that matches {@code refusal}'s SQLState. */
  static DropGuardException of(Refusal refusal, Throwable cause) {
    String message = refusal.message();
    switch (refusal.state()) {
      case BLOCKED:
        return new StatementBlockedException(message, cause);
      case CONFIRMATION_REQUIRED:
        return new ConfirmationRequiredException(message, cause);
      case SNAPSHOT_FAILED:
        return new SnapshotFailedException(message, cause);
      case UNANALYZABLE:
        return new UnanalyzableStatementException(message, cause);
      case NO_VALID_POLICY:
        return new NoValidPolicyException(message, cause);
      default:
        // A state added to core without a subclass here still fails closed, with its own code.
        return new DropGuardException(message, refusal.state().code(), cause);
    }
  }
}

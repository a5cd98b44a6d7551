package io.dropguard;

/** SQLState {@code ZG003}: the policy demands a snapshot first and it could not be completed, so the statement was not run. */
public final class SnapshotFailedException extends DropGuardException {
  private static final long serialVersionUID = 1L;

  SnapshotFailedException(String message, Throwable cause) {
    super(message, "ZG003", cause);
  }
}

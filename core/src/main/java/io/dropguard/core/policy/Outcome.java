package io.dropguard.core.policy;

import java.util.Locale;

/** What happened to a destructive statement: the {@code outcome} of audit records and meters. */
public enum Outcome {
  /** Ran: allowed (or logged) by the policy. */
  ALLOWED,
  /** Ran after its snapshot was taken. */
  SNAPSHOT_TAKEN,
  /** Ran with a valid confirmation. */
  CONFIRMED,
  /** Refused: blocked by policy (ZG001) or not analysable (ZG004). */
  BLOCKED,
  /** Refused: confirmation required (ZG002). */
  CONFIRMATION_REQUIRED,
  /** Refused: the snapshot failed (ZG003). */
  SNAPSHOT_FAILED,
  /** Refused: no valid policy governs the connection any more (ZG005). */
  NO_POLICY,
  /** Did not run because another part of the same string or batch was refused. */
  NOT_RUN,
  /** Ran because the policy is in {@code mode: report}; {@code action} says what enforce would have done. */
  REPORTED;

  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }
}

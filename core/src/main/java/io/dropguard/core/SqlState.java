package io.dropguard.core;

/** DropGuard's SQLStates (class {@code ZG}), as SPEC.md defines them. */
public enum SqlState {
  BLOCKED("ZG001", "blocked by policy"),
  CONFIRMATION_REQUIRED("ZG002", "confirmation required"),
  SNAPSHOT_FAILED("ZG003", "snapshot failed, statement not run"),
  UNANALYZABLE("ZG004", "statement could not be analysed"),
  NO_VALID_POLICY("ZG005", "no valid policy for this connection");

  private final String code;
  private final String summary;

  SqlState(String code, String summary) {
    this.code = code;
    this.summary = summary;
  }

  public String code() {
    return code;
  }

  public String summary() {
    return summary;
  }
}

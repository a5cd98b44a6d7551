package io.dropguard.core.policy;

/** One thing wrong in a policy file: where, and what was expected. */
public record PolicyProblem(SourcePosition position, String message) {
  /** {@code file:line:column: message}, as {@code dropguard lint} prints it. */
  @Override
  public String toString() {
    return position + ": " + message;
  }
}

package io.dropguard.core.policy;

/**
 * Where something was written in a policy file.
 *
 * @param file the file as the user named it (a path, or {@code builtin:...} for DropGuard's own policy)
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourcePosition(String file, int line, int column) {
  /** {@code file:line}, as shown in refusal messages. */
  public String fileLine() {
    return file + ":" + line;
  }

  /** {@code file:line:column}, as shown by {@code dropguard lint}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}

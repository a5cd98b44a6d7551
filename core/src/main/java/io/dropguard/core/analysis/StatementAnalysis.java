package io.dropguard.core.analysis;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one statement of a (possibly multi-statement) SQL string.
 *
 * @param text the statement's text as sent (one part of a multi-statement string)
 * @param normalized the statement as the database reads it, without comments, whitespace collapsed,
 *     unquoted keywords and identifiers folded as the dialect folds them: what a confirmation token binds to
 * @param findings what it destroys; empty when it is not destructive
 * @param notes what DropGuard could not see into without it being a finding, in words, such as
 *     "CALL p: opaque, the procedure's body is not visible to DropGuard"
 */
public record StatementAnalysis(String text, String normalized, List<Finding> findings, List<String> notes) {
  public StatementAnalysis {
    findings = List.copyOf(findings);
    notes = List.copyOf(notes);
  }

  public StatementAnalysis(String text, String normalized, List<Finding> findings) {
    this(text, normalized, findings, List.of());
  }

  public boolean isDestructive() {
    return !findings.isEmpty();
  }

  public Set<StatementKind> kinds() {
    Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
    for (Finding f : findings) {
      kinds.add(f.kind());
    }
    return kinds;
  }

  /** Whether the statement calls something whose body DropGuard cannot see (CALL, EXEC of a procedure). */
  public boolean isOpaque() {
    return !notes.isEmpty();
  }
}

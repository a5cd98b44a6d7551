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
 */
public record StatementAnalysis(String text, String normalized, List<Finding> findings) {
  public StatementAnalysis {
    findings = List.copyOf(findings);
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
}

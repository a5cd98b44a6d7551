package io.dropguard.core.analysis;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The analysis of one statement of a (possibly multi-statement) SQL string.
 *
 * @param text the statement's text as sent (one part of a multi-statement string)
 * @param findings what it destroys; empty when it is not destructive
 */
public record StatementAnalysis(String text, List<Finding> findings) {
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

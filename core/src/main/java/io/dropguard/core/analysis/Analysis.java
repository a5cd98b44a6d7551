package io.dropguard.core.analysis;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The analysis of a whole SQL string: one entry per statement it holds, in order. */
public record Analysis(List<StatementAnalysis> statements) {
  public Analysis {
    statements = List.copyOf(statements);
  }

  public boolean isDestructive() {
    for (StatementAnalysis s : statements) {
      if (s.isDestructive()) {
        return true;
      }
    }
    return false;
  }

  public Set<StatementKind> kinds() {
    Set<StatementKind> kinds = EnumSet.noneOf(StatementKind.class);
    for (StatementAnalysis s : statements) {
      kinds.addAll(s.kinds());
    }
    return kinds;
  }
}

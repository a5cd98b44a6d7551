package io.dropguard.core.policy;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementKind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One rule of a policy: for these kinds (and, when given, these tables) take this action.
 *
 * @param number 1-based position among the policy's rules
 * @param kinds the {@code when:} kinds
 * @param tables the {@code tables:} patterns; empty means any object (and statements without a known target)
 * @param action what to do
 * @param position where the rule starts in its file
 */
public record Rule(int number, Set<StatementKind> kinds, List<TablePattern> tables, Action action, SourcePosition position) {
  public Rule {
    kinds = Set.copyOf(kinds);
    tables = List.copyOf(tables);
  }

  /**
   * Whether this rule governs {@code kind} on {@code target}.
   *
   * @param target the object, or null when the finding names none (a rule with {@code tables:} then does not
   *     match: it cannot be shown to be about that table)
   */
  public boolean matches(StatementKind kind, ObjectName target, Dialect dialect, String currentSchema) {
    if (!kinds.contains(kind)) {
      return false;
    }
    if (tables.isEmpty()) {
      return true;
    }
    if (target == null) {
      return false;
    }
    for (TablePattern p : tables) {
      if (p.matches(target, dialect, currentSchema)) {
        return true;
      }
    }
    return false;
  }

  /** True when every statement this rule matches, {@code earlier} matches too. */
  boolean isCoveredBy(Rule earlier) {
    if (!earlier.kinds.containsAll(kinds)) {
      return false;
    }
    if (earlier.tables.isEmpty()) {
      return true;
    }
    if (tables.isEmpty()) {
      return false;
    }
    for (TablePattern mine : tables) {
      if (earlier.tables.stream().noneMatch(p -> p.covers(mine))) {
        return false;
      }
    }
    return true;
  }

  /** {@code rule 2 (when [drop_table], tables ["tmp_*"] -> allow)}: how messages name a rule. */
  public String describe() {
    String when = kinds.stream().sorted().map(StatementKind::id).collect(Collectors.joining(", "));
    String t =
        tables.isEmpty()
            ? ""
            : ", tables [" + tables.stream().map(p -> "\"" + p.text() + "\"").collect(Collectors.joining(", ")) + "]";
    return "rule " + number + " (when [" + when + "]" + t + " -> " + action.id() + ")";
  }
}

package io.dropguard.core.policy;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import java.util.function.Supplier;

/** Applies a policy to one analysed statement. */
public final class PolicyDecider {
  private PolicyDecider() {}

  /**
   * The decision for a destructive statement: every (kind, target) pair is decided by the first rule that
   * matches it (or the default), and the strictest of those decisions is the statement's.
   *
   * @param currentSchema asked only when a qualified pattern meets an unqualified target; may return null
   */
  public static Decision decide(
      Policy policy, StatementAnalysis statement, Dialect dialect, Supplier<String> currentSchema) {
    Decision best = null;
    String schema = null;
    boolean schemaAsked = !policy.needsCurrentSchema();
    for (Finding f : statement.findings()) {
      if (f.targets().isEmpty()) {
        best = stricter(best, statement, f, null, policy.ruleFor(f.kind(), null, dialect, null), policy);
        continue;
      }
      for (ObjectName t : f.targets()) {
        if (!schemaAsked && t.parts().size() == 1) {
          schema = currentSchema.get();
          schemaAsked = true;
        }
        best = stricter(best, statement, f, t, policy.ruleFor(f.kind(), t, dialect, schema), policy);
      }
    }
    return best;
  }

  /**
   * The action when no rule names the kind. An unparseable statement might destroy anything, so a permissive
   * {@code default} does not let it through: only a rule that names {@code unparseable} can (fail closed).
   */
  private static Action fallback(StatementKind kind, Policy policy) {
    return kind == StatementKind.UNPARSEABLE ? Action.BLOCK : policy.defaultAction();
  }

  private static Decision stricter(
      Decision best, StatementAnalysis s, Finding f, ObjectName t, Rule rule, Policy policy) {
    Action a = rule != null ? rule.action() : fallback(f.kind(), policy);
    if (best != null && a.ordinal() <= best.action().ordinal()) {
      return best;
    }
    return new Decision(s, a, f, t, rule, policy);
  }
}

package io.dropguard.core.policy;

import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;

/**
 * The decision for one destructive statement: the strictest action over all its kinds and targets, and what
 * caused it.
 *
 * @param statement the statement
 * @param action the strictest action
 * @param finding the finding that got the strictest action
 * @param target the target of {@code finding} that did, or null when it names none
 * @param rule the deciding rule, or null when the policy's {@code default} decided
 * @param policy the governing policy
 */
public record Decision(
    StatementAnalysis statement, Action action, Finding finding, ObjectName target, Rule rule, Policy policy) {
  /** Where the deciding rule (or {@code default:}) is written, {@code file:line}. */
  public String ruleLocation() {
    return rule != null ? rule.position().fileLine() : policy.defaultPosition().fileLine();
  }

  /** How messages name what decided: a rule, or the policy's default. */
  public String ruleDescription() {
    return rule != null ? rule.describe() : "default: " + action.id() + " (no rule matched)";
  }
}

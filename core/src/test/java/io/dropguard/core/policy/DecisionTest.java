package io.dropguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {
  static final Policy P;

  static {
    try {
      P = PolicyLoader.parse(PolicyLoaderTest.SPEC_EXAMPLE, "pilot-prod.yaml", null);
    } catch (PolicyException e) {
      throw new AssertionError(e);
    }
  }

  static Finding f(StatementKind k, String... tables) {
    return new Finding(k, "table", List.of(tables).stream().map(ObjectName::of).toList(), "because");
  }

  static Decision decide(Finding... fs) {
    return PolicyDecider.decide(P, new StatementAnalysis("sql", "sql", List.of(fs)), Dialect.POSTGRES, () -> null);
  }

  @Test
  void unparseableIsBlockedEvenUnderAPermissiveDefault() throws PolicyException {
    Policy lax =
        PolicyLoader.parse(
            "name: lax\nrules:\n  - when: [drop_schema]\n    action: log\ndefault: allow\n", "lax.yaml", null);
    StatementAnalysis s = new StatementAnalysis("sql", "sql", List.of(f(StatementKind.UNPARSEABLE)));
    assertEquals(Action.BLOCK, PolicyDecider.decide(lax, s, Dialect.POSTGRES, () -> null).action());
    StatementAnalysis t = new StatementAnalysis("sql", "sql", List.of(f(StatementKind.TRUNCATE, "t")));
    assertEquals(Action.ALLOW, PolicyDecider.decide(lax, t, Dialect.POSTGRES, () -> null).action());
  }

  @Test
  void strictestActionAcrossKindsOfOneStatement() {
    // An ALTER TABLE that drops a column (snapshot) of a tmp_ table and whose kind list also holds drop_schema.
    Decision d = decide(f(StatementKind.TRUNCATE, "tmp_a"), f(StatementKind.DROP_SCHEMA, "s"), f(StatementKind.ALTER_DROP, "t"));
    assertEquals(Action.BLOCK, d.action());
    assertEquals(StatementKind.DROP_SCHEMA, d.finding().kind());
    assertEquals(1, d.rule().number());
  }

  @Test
  void strictestActionAcrossTargets() {
    Decision d =
        decide(
            new Finding(
                StatementKind.DROP_TABLE,
                "table",
                List.of(ObjectName.of("tmp_a"), ObjectName.of("readings"), ObjectName.of("scratch", "x")),
                "b"));
    assertEquals(Action.SNAPSHOT, d.action());
    assertEquals(ObjectName.of("readings"), d.target());
    assertEquals("pilot-prod.yaml:13", d.ruleLocation());
  }

  @Test
  void allowedTablesStayAllowed() {
    Decision d =
        decide(
            new Finding(
                StatementKind.DROP_TABLE, "table", List.of(ObjectName.of("tmp_a"), ObjectName.of("scratch", "x")), "b"));
    assertEquals(Action.ALLOW, d.action());
  }

  @Test
  void aRuleWithTablesDoesNotMatchAFindingWithoutTargets() {
    Decision d = decide(new Finding(StatementKind.TRUNCATE, "table", List.of(), "unknown target"));
    assertEquals(Action.SNAPSHOT, d.action());
  }

  @Test
  void defaultDecidesWhatNoRuleMatches() {
    Decision d = decide(f(StatementKind.DROP_OTHER, "idx"));
    assertEquals(Action.ALLOW, d.action());
    assertNull(d.rule());
    assertEquals("pilot-prod.yaml:19", d.ruleLocation());
  }

  @Test
  void strictnessOrder() {
    assertEquals(Action.BLOCK, Action.CONFIRM.stricter(Action.BLOCK));
    assertEquals(Action.CONFIRM, Action.CONFIRM.stricter(Action.SNAPSHOT));
    assertEquals(Action.SNAPSHOT, Action.LOG.stricter(Action.SNAPSHOT));
    assertEquals(Action.LOG, Action.LOG.stricter(Action.ALLOW));
  }
}

package io.dropguard.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.policy.Action;
import io.dropguard.core.policy.Mode;
import io.dropguard.core.policy.Outcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GuardMetricsTest {
  @Test
  void metersAreNamedAndTaggedFromEnums() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    GuardMetrics m = GuardMetrics.bindTo(reg);
    m.statement(StatementKind.DROP_TABLE, Action.BLOCK, Outcome.BLOCKED, Mode.ENFORCE);
    m.statement(StatementKind.DROP_TABLE, Action.BLOCK, Outcome.BLOCKED, Mode.ENFORCE);
    m.statement(StatementKind.TRUNCATE, Action.SNAPSHOT, Outcome.REPORTED, Mode.REPORT);
    m.analysis(1_000_000);
    m.policyReloadError();

    assertEquals(
        2.0,
        reg.get("dropguard.statements")
            .tags("kind", "drop_table", "action", "block", "outcome", "blocked", "mode", "enforce")
            .counter()
            .count());
    assertEquals(
        1.0,
        reg.get("dropguard.statements")
            .tags("kind", "truncate", "action", "snapshot", "outcome", "reported", "mode", "report")
            .counter()
            .count());
    assertEquals(1, reg.get("dropguard.analysis").timer().count());
    assertEquals(1.0, reg.get("dropguard.policy.reload.errors").counter().count());
    Set<String> names = reg.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).collect(Collectors.toSet());
    assertEquals(
        Set.of("dropguard.statements", "dropguard.analysis", "dropguard.policy.reload.errors", "dropguard.audit.errors"),
        names);
  }
}

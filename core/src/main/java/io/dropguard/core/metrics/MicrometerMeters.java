package io.dropguard.core.metrics;

import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.policy.Action;
import io.dropguard.core.policy.Mode;
import io.dropguard.core.policy.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The Micrometer backend; the only class that touches Micrometer, loaded only when it is present. */
final class MicrometerMeters implements GuardMetrics.Meters {
  private static final int KINDS = StatementKind.values().length;
  private static final int ACTIONS = Action.values().length;
  private static final int OUTCOMES = Outcome.values().length;
  private static final int MODES = Mode.values().length;

  private final MeterRegistry registry;
  private final Timer analysis;
  private final Counter reloadErrors;
  private final Counter auditErrors;
  private final AtomicReferenceArray<Counter> statements =
      new AtomicReferenceArray<>(KINDS * ACTIONS * OUTCOMES * MODES);

  MicrometerMeters(Object registry) {
    this.registry = (MeterRegistry) registry;
    this.analysis =
        Timer.builder(GuardMetrics.ANALYSIS).description("Time DropGuard spent analysing SQL").register(this.registry);
    this.reloadErrors =
        Counter.builder(GuardMetrics.RELOAD_ERRORS)
            .description("Policy file edits that failed to load (the last valid version stays in force)")
            .register(this.registry);
    this.auditErrors =
        Counter.builder(GuardMetrics.AUDIT_ERRORS)
            .description("Audit records that could not be written to the configured destination")
            .register(this.registry);
  }

  static MicrometerMeters global() {
    return new MicrometerMeters(Metrics.globalRegistry);
  }

  @Override
  public boolean recording() {
    // The global registry is a composite: until the application adds a registry to it, timing would be wasted.
    return !(registry instanceof CompositeMeterRegistry) || !((CompositeMeterRegistry) registry).getRegistries().isEmpty();
  }

  @Override
  public void statement(StatementKind kind, Action action, Outcome outcome, Mode mode) {
    int i = ((kind.ordinal() * ACTIONS + action.ordinal()) * OUTCOMES + outcome.ordinal()) * MODES + mode.ordinal();
    Counter c = statements.get(i);
    if (c == null) {
      c =
          Counter.builder(GuardMetrics.STATEMENTS)
              .description("Destructive statements DropGuard saw, by kind, action, outcome and mode")
              .tag("kind", kind.id())
              .tag("action", action.id())
              .tag("outcome", outcome.id())
              .tag("mode", mode.id())
              .register(registry);
      statements.set(i, c);
    }
    c.increment();
  }

  @Override
  public void analysis(long nanos) {
    analysis.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void reloadError() {
    reloadErrors.increment();
  }

  @Override
  public void auditError() {
    auditErrors.increment();
  }
}

package io.dropguard.core.metrics;

import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.policy.Action;
import io.dropguard.core.policy.Mode;
import io.dropguard.core.policy.Outcome;

/**
 * The only class that names DropGuard's meters. Micrometer is optional: when it is on the application's
 * classpath the meters go to its global registry (never relocated by shading, so the application sees them);
 * otherwise every call is a no-op. Tag values come from enums only, never from SQL, URLs or users.
 *
 * <ul>
 *   <li>{@code dropguard.statements} (counter; tags {@code kind}, {@code action}, {@code outcome}, {@code mode}):
 *       destructive statements seen
 *   <li>{@code dropguard.analysis} (timer): time spent analysing SQL, every statement
 *   <li>{@code dropguard.policy.reload.errors} (counter): edits that broke a policy file
 *   <li>{@code dropguard.audit.errors} (counter): audit records that could not be written where configured
 * </ul>
 */
public final class GuardMetrics {
  static final String STATEMENTS = "dropguard.statements";
  static final String ANALYSIS = "dropguard.analysis";
  static final String RELOAD_ERRORS = "dropguard.policy.reload.errors";
  static final String AUDIT_ERRORS = "dropguard.audit.errors";

  private static final GuardMetrics GLOBAL = new GuardMetrics(globalMeters());
  private static final GuardMetrics NONE = new GuardMetrics(new NoMeters());

  private final Meters meters;
  private final boolean active;

  private GuardMetrics(Meters meters) {
    this.meters = meters;
    this.active = !(meters instanceof NoMeters);
  }

  /**
   * Whether meters are recorded at all. Callers skip timing when not: {@code System.nanoTime()} costs 25-150 ns
   * on virtual machines, more than the analysis cache lookup it would time.
   */
  public boolean active() {
    return active && meters.recording();
  }

  /** Bound to Micrometer's global registry when Micrometer is present; silent otherwise. */
  public static GuardMetrics global() {
    return GLOBAL;
  }

  /** Counts nothing. */
  public static GuardMetrics none() {
    return NONE;
  }

  /**
   * Bound to a given registry.
   *
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry} (typed Object so that this class
   *     loads without Micrometer)
   */
  public static GuardMetrics bindTo(Object meterRegistry) {
    return new GuardMetrics(new MicrometerMeters(meterRegistry));
  }

  public void statement(StatementKind kind, Action action, Outcome outcome, Mode mode) {
    meters.statement(kind, action, outcome, mode);
  }

  public void analysis(long nanos) {
    meters.analysis(nanos);
  }

  public void policyReloadError() {
    meters.reloadError();
  }

  public void auditError() {
    meters.auditError();
  }

  private static Meters globalMeters() {
    try {
      Class.forName("io.micrometer.core.instrument.Metrics", false, GuardMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return new NoMeters();
    }
    try {
      return MicrometerMeters.global();
    } catch (LinkageError e) {
      // An incompatible Micrometer: metrics are not worth breaking the application over.
      return new NoMeters();
    }
  }

  /** What GuardMetrics needs from a meter backend. */
  interface Meters {
    /** False when nothing would be recorded now (a global registry with no registry added yet). */
    boolean recording();

    void statement(StatementKind kind, Action action, Outcome outcome, Mode mode);

    void analysis(long nanos);

    void reloadError();

    void auditError();
  }

  private static final class NoMeters implements Meters {
    @Override
    public boolean recording() {
      return false;
    }

    @Override
    public void statement(StatementKind kind, Action action, Outcome outcome, Mode mode) {}

    @Override
    public void analysis(long nanos) {}

    @Override
    public void reloadError() {}

    @Override
    public void auditError() {}
  }
}

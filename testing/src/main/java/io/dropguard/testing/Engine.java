package io.dropguard.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What of DropGuard's engine is on the class path, for contract assertions that need the policy engine or the
 * scope analysis (they land on main separately). Asked by reflection, since this module must not depend on core.
 */
public final class Engine {
  private Engine() {}

  /** Whether policy files are read (the {@code io.dropguard.core.policy} engine). */
  public static boolean readsPolicyFiles() {
    try {
      Class.forName("io.dropguard.core.policy.PolicyLoader");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Whether a scoped UPDATE ({@code ... WHERE id = 1}) is recognised as not destructive. */
  public static boolean analysesScope() {
    try {
      Class<?> analyzer = Class.forName("io.dropguard.core.analysis.SqlAnalyzer");
      Class<?> dialect = Class.forName("io.dropguard.core.analysis.Dialect");
      Object shared = analyzer.getMethod("shared").invoke(null);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object h2 = Enum.valueOf((Class) dialect, "H2");
      Object analysis = analyzer.getMethod("analyze", String.class, dialect).invoke(shared, "UPDATE t SET a = 1 WHERE id = 1", h2);
      return !(Boolean) analysis.getClass().getMethod("isDestructive").invoke(analysis);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Skips the calling test until the policy engine and the scope analysis are on the class path. */
  public static void requirePoliciesAndScope() {
    Assumptions.assumeTrue(
        readsPolicyFiles() && analysesScope(),
        "needs the policy engine and the DML scope analysis (issues 2 and 3), which are not on the class path yet");
  }

  /** Skips the calling test until the policy engine is on the class path. */
  public static void requirePolicies() {
    Assumptions.assumeTrue(readsPolicyFiles(), "needs the policy engine (issue 3), not on the class path yet");
  }
}

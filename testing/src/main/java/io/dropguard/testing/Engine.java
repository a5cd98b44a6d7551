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
    Object analysis = analyze("UPDATE t SET a = 1 WHERE id = 1");
    return analysis != null && !(Boolean) call(analysis, "isDestructive");
  }

  /** Whether statements are classified into their kinds ({@code DROP TABLE} as drop_table, not unparseable). */
  public static boolean classifiesKinds() {
    Object analysis = analyze("DROP TABLE t");
    return analysis != null && String.valueOf(call(analysis, "kinds")).contains("DROP_TABLE");
  }

  /**
   * The SQLStates a blocked destructive statement may have: ZG001; while the analyzer is still the skeleton that
   * reports every destructive-looking statement as unparseable, ZG004 as well.
   */
  public static java.util.Set<String> blockedStates() {
    return classifiesKinds() ? java.util.Set.of("ZG001") : java.util.Set.of("ZG001", "ZG004");
  }

  private static Object analyze(String sql) {
    try {
      Class<?> analyzer = Class.forName("io.dropguard.core.analysis.SqlAnalyzer");
      Class<?> dialect = Class.forName("io.dropguard.core.analysis.Dialect");
      Object shared = analyzer.getMethod("shared").invoke(null);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object h2 = Enum.valueOf((Class) dialect, "H2");
      return analyzer.getMethod("analyze", String.class, dialect).invoke(shared, sql, h2);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Object call(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
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

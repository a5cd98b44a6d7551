package io.dropguard.core.audit;

import java.util.Map;

/** Lets tests of other packages parse audit lines the way {@link AuditLogTest} does. */
public final class AuditLogTestAccess {
  private AuditLogTestAccess() {}

  public static Map<String, Object> parse(String line) {
    return AuditLogTest.parse(line);
  }
}

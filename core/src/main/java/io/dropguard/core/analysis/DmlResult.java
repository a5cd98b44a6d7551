package io.dropguard.core.analysis;

import java.util.List;

/**
 * What {@link DmlAnalyzer} found.
 *
 * @param parsed whether the statement was parsed; when false the caller decides from tokens alone
 * @param findings delete_all / update_all findings (empty when every DML part is scoped)
 * @param problem why it could not be parsed, when {@code parsed} is false
 */
record DmlResult(boolean parsed, List<Finding> findings, String problem) {
  DmlResult {
    findings = List.copyOf(findings);
  }

  static DmlResult of(List<Finding> findings) {
    return new DmlResult(true, findings, null);
  }

  static DmlResult unparsed(String problem) {
    return new DmlResult(false, List.of(), problem);
  }
}

package io.dropguard.core.audit;

import io.dropguard.core.metrics.GuardMetrics;
import java.nio.file.Path;

/** Where audit records go. Writing never throws: a failure is reported (standard error and a meter). */
public interface AuditLog {
  /** Writes one record as one JSON line. */
  void write(AuditRecord record);

  /** Writes one already formed JSON line (policy errors). */
  void writeLine(String jsonLine);

  /**
   * The log of a {@code dropguard.audit} value: {@code stderr}, or a file path.
   *
   * @param metrics where write failures are counted
   */
  static AuditLog of(String destination, GuardMetrics metrics) {
    if (destination == null || destination.equals("stderr")) {
      return StderrAuditLog.INSTANCE;
    }
    return new FileAuditLog(Path.of(destination), metrics);
  }
}

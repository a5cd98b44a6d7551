package io.dropguard.core.audit;

/** Audit records on standard error, one JSON line each. */
final class StderrAuditLog implements AuditLog {
  static final StderrAuditLog INSTANCE = new StderrAuditLog();

  private StderrAuditLog() {}

  @Override
  public void write(AuditRecord record) {
    writeLine(record.toJson());
  }

  @Override
  public void writeLine(String jsonLine) {
    // One println per line: PrintStream locks itself, so lines of several threads do not interleave.
    System.err.println("dropguard-audit " + jsonLine);
  }
}

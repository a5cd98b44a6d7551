package io.dropguard.core.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Audit records on standard error, one line each: {@code dropguard-audit } and the JSON object.
 *
 * <p>The line is built in one buffer, encoded as UTF-8 (the encoding of JSON, RFC 8259; a console charset would
 * turn characters it cannot encode into '?'), and handed to {@link PrintStream#write(byte[], int, int)} in one call:
 * the stream holds its lock for the call, so lines of several threads never interleave, and {@code System.err}'s
 * small buffer passes an array this long straight to one {@code write} on the descriptor. {@code System.err} is
 * read per line, so a stream an application (or a test) sets with {@link System#setErr} is honoured.
 */
final class StderrAuditLog implements AuditLog {
  static final StderrAuditLog INSTANCE = new StderrAuditLog();
  static final String PREFIX = "dropguard-audit ";

  private StderrAuditLog() {}

  @Override
  public void write(AuditRecord record) {
    StringBuilder sb = new StringBuilder(PREFIX.length() + record.estimatedLength() + 1).append(PREFIX);
    record.appendJson(sb).append('\n');
    emit(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void writeLine(String jsonLine) {
    emit(new StringBuilder(PREFIX.length() + jsonLine.length() + 1)
        .append(PREFIX)
        .append(jsonLine)
        .append('\n')
        .toString()
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The line (prefix, JSON, newline), already encoded. */
  static void emit(byte[] line) {
    PrintStream err = System.err;
    err.write(line, 0, line.length); // flushes: System.err flushes on every write
    err.flush(); // a PrintStream an application set may not flush by itself
  }
}

package io.dropguard.core.audit;

import io.dropguard.core.metrics.GuardMetrics;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Audit records appended to a file. Each line is one {@code write} on a descriptor opened with
 * {@code O_APPEND}, so lines from several processes appending at once never interleave (the kernel moves to the
 * end and writes in one step). The file is created owner-readable only: it holds statement text.
 */
final class FileAuditLog implements AuditLog {
  private static final System.Logger LOG = System.getLogger("io.dropguard.audit");
  private final Path path;
  private final GuardMetrics metrics;

  FileAuditLog(Path path, GuardMetrics metrics) {
    this.path = path;
    this.metrics = metrics;
  }

  Path path() {
    return path;
  }

  @Override
  public void write(AuditRecord record) {
    writeLine(record.toJson());
  }

  @Override
  public void writeLine(String jsonLine) {
    byte[] bytes = (jsonLine + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      append(bytes);
    } catch (IOException | RuntimeException e) {
      metrics.auditError();
      // #3: never silent. The record still reaches a person, on standard error.
      LOG.log(
          Level.ERROR,
          "DropGuard could not write its audit log "
              + path
              + " ("
              + e
              + "); the record follows on standard error. Fix the path or its permissions, or set"
              + " dropguard.audit=stderr.");
      System.err.println("dropguard-audit " + jsonLine);
    }
  }

  private synchronized void append(byte[] bytes) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
    if (!Files.exists(path)) {
      try {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(path);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another process created it meanwhile
      }
    }
    // Opened per record: records are rare (destructive statements only), and a rotated file is picked up.
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      int n = ch.write(buf);
      if (buf.hasRemaining()) {
        throw new IOException("short write to the audit log (" + n + " of " + bytes.length + " bytes)");
      }
    }
  }
}

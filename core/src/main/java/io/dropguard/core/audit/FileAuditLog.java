package io.dropguard.core.audit;

import io.dropguard.core.metrics.GuardMetrics;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Audit records appended to a file. Each line is one {@code write} on a descriptor opened with {@code O_APPEND}, so
 * lines from several processes appending at once never interleave (the kernel moves to the end and writes in one
 * step). The file is created owner-readable only ({@code rw-------}): it holds statement text.
 *
 * <p>The descriptor stays open across records. Before each line one {@code stat} of the path tells whether the
 * file is still the one open: when it was renamed away (rotation) or deleted, the path names another file or
 * none, and the log opens (creating it when missing) the file the path names now. The comparison is of file keys
 * (device and inode): while the descriptor is open the kernel keeps the old inode allocated, so a new file cannot
 * get its number. A line written between the {@code stat} and a rename lands in the renamed file, as with any
 * logger that follows rotation. So each line costs a {@code stat} and a {@code write}, where opening per line cost
 * four to six system calls. Where the file system gives no file keys, the file is reopened for every line.
 *
 * <p>An open descriptor is harmless: it is write-only and append-only, nothing is buffered in the process (each
 * line is written whole before {@link #writeLine} returns), so nothing is lost when the JVM exits without closing
 * it, and the kernel closes it then. It holds no lock on the file: a rotated file can be compressed or deleted
 * while it is open; its space is freed when the next line finds the path changed and the log moves on. No shutdown
 * hook closes it: hooks run while other threads may still write, and a write after such a close would only
 * reopen it.
 */
final class FileAuditLog implements AuditLog {
  private static final System.Logger LOG = System.getLogger("io.dropguard.audit");
  private static final Set<OpenOption> APPEND =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  /** Tries to open the file the path names before and after the open, when it is being replaced meanwhile. */
  private static final int OPEN_ATTEMPTS = 3;

  private final Path path;
  private final GuardMetrics metrics;
  // guarded by this
  private FileChannel channel;
  /** The identity (device and inode) of the open file, or null to reopen before the next line. */
  private Object openKey;

  FileAuditLog(Path path, GuardMetrics metrics) {
    this.path = path;
    this.metrics = metrics;
  }

  Path path() {
    return path;
  }

  @Override
  public void write(AuditRecord record) {
    StringBuilder sb = new StringBuilder(record.estimatedLength() + 1);
    record.appendJson(sb).append('\n');
    String line = sb.toString();
    writeBytes(line.getBytes(StandardCharsets.UTF_8), line);
  }

  @Override
  public void writeLine(String jsonLine) {
    String line = new StringBuilder(jsonLine.length() + 1).append(jsonLine).append('\n').toString();
    writeBytes(line.getBytes(StandardCharsets.UTF_8), line);
  }

  /** @param line the same, as text, for standard error when the file cannot be written */
  private void writeBytes(byte[] bytes, String line) {
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
      StderrAuditLog.emit((StderrAuditLog.PREFIX + line).getBytes(StandardCharsets.UTF_8));
    }
  }

  private synchronized void append(byte[] bytes) throws IOException {
    if (channel == null || openKey == null || !channel.isOpen() || !openKey.equals(keyOf(path))) {
      reopen();
    }
    // An interrupted thread would close the channel (FileChannel is interruptible) and lose its record: the
    // interrupt status is set aside for the write and restored after it.
    boolean interrupted = Thread.interrupted();
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      int n = channel.write(buf);
      if (buf.hasRemaining()) {
        throw new IOException("short write to the audit log (" + n + " of " + bytes.length + " bytes)");
      }
    } catch (IOException | RuntimeException e) {
      close(); // start afresh with the next line
      throw e;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Opens the file the path names, creating it (and its directory) when missing. The open descriptor's file is
   * known to be the one the path names when the path names the same file just before and just after the open;
   * otherwise it was being replaced meanwhile, and the open is tried again.
   */
  private void reopen() throws IOException {
    close();
    for (int attempt = 1; ; attempt++) {
      Object before = keyOf(path);
      FileChannel ch = open();
      Object after = keyOf(path);
      boolean stable = after != null && after.equals(before);
      if (stable || after == null || attempt == OPEN_ATTEMPTS) {
        // Unless stable, the line still goes to the file just opened and the next line reopens; where the file
        // system has no file keys, every line does, as when the file was opened per line.
        channel = ch;
        openKey = stable ? after : null;
        return;
      }
      ch.close(); // it was created just now (before == null), or replaced meanwhile: check again
    }
  }

  private FileChannel open() throws IOException {
    try {
      return openCreating();
    } catch (NoSuchFileException e) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent == null || Files.isDirectory(parent)) {
        throw e;
      }
      Files.createDirectories(parent);
      return openCreating();
    }
  }

  /** One {@code open(O_CREAT | O_APPEND, 0600)}: a file created here is owner-only from its first moment. */
  private FileChannel openCreating() throws IOException {
    try {
      return FileChannel.open(path, APPEND, OWNER_ONLY);
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(path, APPEND); // a file system without POSIX permissions
    }
  }

  /** The identity of the file the path names now, or null when there is none (or the file system has none). */
  private static Object keyOf(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null; // missing, or not reachable: opening it says why
    }
  }

  private void close() {
    FileChannel ch = channel;
    channel = null;
    openKey = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing was buffered: the lines written through it are in the file
      }
    }
  }
}

package io.dropguard.core.snapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A new file readable by its owner only, written through a buffer, hashed (SHA-256) and counted as it goes, and
 * forced to disk on {@link #close()}. A shared {@link Budget} stops the write when {@code max_bytes} is reached.
 */
final class DurableFile extends OutputStream {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE_PERMS = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_PERMS = PosixFilePermissions.fromString("rwx------");

  /** What is left of {@code max_bytes} for one snapshot. */
  static final class Budget {
    private final long limit;
    private long used;

    Budget(long limit) {
      this.limit = limit;
    }

    void use(long n) throws LimitExceededException {
      used += n;
      if (used > limit) {
        throw new LimitExceededException(limit);
      }
    }

    long used() {
      return used;
    }
  }

  /** The snapshot grew beyond {@code max_bytes}. */
  static final class LimitExceededException extends IOException {
    private static final long serialVersionUID = 1L;
    final long limit;

    LimitExceededException(long limit) {
      super("the snapshot grew beyond max_bytes " + limit);
      this.limit = limit;
    }
  }

  private final FileChannel channel;
  private final MessageDigest digest;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
  private final Budget budget;
  private long size;
  private boolean closed;
  private String hash;

  DurableFile(Path file, Budget budget) throws IOException {
    this.budget = budget;
    this.channel =
        POSIX
            ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileAttrs())
            : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FileAttribute<?> fileAttrs() {
    return PosixFilePermissions.asFileAttribute(FILE_PERMS);
  }

  /** Creates a directory readable by its owner only; fails when it exists (this is what makes ids unique). */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (POSIX) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_PERMS));
      Files.setPosixFilePermissions(dir, DIR_PERMS); // the umask may have taken bits away, never added
    } else {
      Files.createDirectory(dir);
    }
  }

  static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      createPrivateDirectories(parent);
    }
    try {
      createPrivateDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another process made it at the same moment
    }
  }

  /** Forces a directory's entries (new files, a rename) to disk. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a directory for reading; the file contents are forced regardless.
      if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
        throw e;
      }
    }
  }

  static void write(Path file, byte[] content) throws IOException {
    try (DurableFile f = new DurableFile(file, new Budget(Long.MAX_VALUE))) {
      f.write(content);
    }
  }

  @Override
  public void write(int b) throws IOException {
    if (!buf.hasRemaining()) {
      drain();
    }
    buf.put((byte) b);
    count(1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    count(len);
    while (len > 0) {
      if (!buf.hasRemaining()) {
        drain();
      }
      int n = Math.min(len, buf.remaining());
      buf.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  private void count(long n) throws IOException {
    size += n;
    budget.use(n);
  }

  private void drain() throws IOException {
    buf.flip();
    digest.update(buf.duplicate());
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    buf.clear();
  }

  long size() {
    return size;
  }

  /** The SHA-256 of everything written, in hex; valid after {@link #close()}. */
  String sha256() {
    if (hash == null) {
      hash = HexFormat.of().formatHex(digest.digest());
    }
    return hash;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      drain();
      channel.force(true);
    } finally {
      channel.close();
    }
  }

  /** The SHA-256 of a file, in hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      while (ch.read(b) >= 0) {
        b.flip();
        d.update(b);
        b.clear();
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}

package io.dropguard.core.confirm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An append-only record of tokens in the state directory, shared by every process of this machine that uses the
 * same state directory: {@code used-tokens} makes a token single-use, {@code issued-tokens} lets a refusal say
 * which statement a foreign token was issued for.
 *
 * <p>Each line is {@code <key> <expires-epoch-second> <base64url detail>}. Every read-check-append happens under an
 * exclusive {@link FileChannel#lock() file lock} on {@code <file>.lock} (and a JVM lock, because file locks are
 * held per process). Entries are dropped when their token has expired: once the file passes
 * {@value #COMPACT_AT} bytes and at least half of it is expired, it is rewritten with the live entries and
 * atomically renamed into place.
 */
final class TokenLedger {
  static final long COMPACT_AT = 64 * 1024;
  static final Duration LOCK_WAIT = Duration.ofSeconds(10);
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  record Entry(String key, Instant expiresAt, String detail) {}

  private final Path file;
  private final Path lockFile;
  private final Clock clock;
  private final long compactAt;
  private final boolean durable;

  /**
   * @param durable whether each append is synced to disk before it counts (the used-token record: a use that a
   *     crash could forget would let the token work again); the issued-token record only improves messages
   */
  TokenLedger(Path file, Clock clock, boolean durable) {
    this(file, clock, durable, COMPACT_AT);
  }

  TokenLedger(Path file, Clock clock, boolean durable, long compactAt) {
    this.compactAt = compactAt;
    this.durable = durable;
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.clock = clock;
  }

  Path file() {
    return file;
  }

  /**
   * Records {@code key} unless it is recorded already. Returns null when this call recorded it, else the entry
   * that was there first.
   */
  Entry addIfAbsent(String key, Instant expiresAt, String detail) throws ConfirmStateException {
    return addAllIfAbsent(List.of(new Entry(key, expiresAt, detail)));
  }

  /**
   * Records all of {@code added} when none of their keys is recorded yet, in one locked step. Returns null when
   * this call recorded them, else the first entry already there (and then records nothing).
   */
  Entry addAllIfAbsent(List<Entry> added) throws ConfirmStateException {
    return locked(() -> {
      List<Entry> entries = read();
      for (Entry e : entries) {
        for (Entry a : added) {
          if (e.key().equals(a.key())) {
            return e;
          }
        }
      }
      append(added, entries);
      return null;
    });
  }

  /** Records {@code key} (an entry already there stays as it was). */
  void add(String key, Instant expiresAt, String detail) throws ConfirmStateException {
    addIfAbsent(key, expiresAt, detail);
  }

  /** The entry recorded for {@code key}, or null. */
  Entry find(String key) throws ConfirmStateException {
    return locked(() -> {
      for (Entry e : read()) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    });
  }

  private interface Locked<T> {
    T run() throws IOException;
  }

  private <T> T locked(Locked<T> body) throws ConfirmStateException {
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    jvm.lock();
    try {
      StateDirectory.ensure(file.getParent());
      try (FileChannel ch = FileChannel.open(lockFile,
              EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), StateDirectory.ownerOnlyFile());
          FileLock ignored = lock(ch)) {
        return body.run();
      }
    } catch (IOException e) {
      throw new ConfirmStateException("cannot update the token record " + file + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfirmStateException("interrupted while waiting for the token record " + file, e);
    } finally {
      jvm.unlock();
    }
  }

  /**
   * Waits for the lock a bounded time: each holder keeps it for one read and one append, so a lock held for
   * seconds means a stopped process, and a statement must not hang behind it.
   */
  private FileLock lock(FileChannel ch) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    long pause = 1;
    while (true) {
      FileLock l = ch.tryLock();
      if (l != null) {
        return l;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("it has been locked by another process for more than " + LOCK_WAIT.toSeconds()
            + " seconds (" + lockFile + ")");
      }
      Thread.sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  private List<Entry> read() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    }
    List<Entry> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      String[] f = line.split(" ", 3);
      if (f.length != 3) {
        continue; // a line cut short by a crash; its token was never confirmed
      }
      try {
        String detail = new String(Base64.getUrlDecoder().decode(f[2]), StandardCharsets.UTF_8);
        out.add(new Entry(f[0], Instant.ofEpochSecond(Long.parseLong(f[1])), detail));
      } catch (IllegalArgumentException e) {
        continue;
      }
    }
    return out;
  }

  private void append(List<Entry> added, List<Entry> existing) throws IOException {
    long size;
    StringBuilder line = new StringBuilder();
    for (Entry a : added) {
      line.append(line(a));
    }
    try (FileChannel ch = FileChannel.open(file,
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        StateDirectory.ownerOnlyFile())) {
      ByteBuffer buf = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (durable) {
        ch.force(false);
      }
      size = ch.size();
    }
    if (size >= compactAt) {
      compact(existing, added, size);
    }
  }

  private void compact(List<Entry> existing, List<Entry> added, long size) throws IOException {
    Instant now = clock.instant();
    StringBuilder live = new StringBuilder();
    for (Entry e : existing) {
      if (e.expiresAt().isAfter(now)) {
        live.append(line(e));
      }
    }
    for (Entry a : added) {
      live.append(line(a));
    }
    if (live.length() > size / 2) {
      return; // mostly live entries: rewriting now would be repeated on every append
    }
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", StateDirectory.ownerOnlyFile());
    try {
      Files.write(tmp, live.toString().getBytes(StandardCharsets.UTF_8), durable
          ? new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.SYNC}
          : new StandardOpenOption[] {StandardOpenOption.WRITE});
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String line(Entry e) {
    return e.key() + " " + e.expiresAt().getEpochSecond() + " "
        + Base64.getUrlEncoder().withoutPadding().encodeToString(e.detail().getBytes(StandardCharsets.UTF_8)) + "\n";
  }
}

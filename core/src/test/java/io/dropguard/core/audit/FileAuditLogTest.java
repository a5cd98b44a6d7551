package io.dropguard.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropguard.core.metrics.GuardMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit file: kept open across lines, yet rotation and deletion are followed; lines stay whole. */
class FileAuditLogTest {
  @TempDir Path dir;

  private static List<String> statements(Path f) throws IOException {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      out.add((String) StrictJson.object(l).get("statement"));
    }
    return out;
  }

  private static String perms(Path f) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
  }

  @Test
  void aRotatedFileKeepsItsLinesAndTheNextLineStartsANewOwnerOnlyFile() throws Exception {
    Path f = dir.resolve("audit.log");
    AuditLog log = AuditLog.of(f.toString(), GuardMetrics.none());
    log.write(AuditLogTest.record("DROP TABLE a"));
    log.write(AuditLogTest.record("DROP TABLE b"));
    Path rotated = dir.resolve("audit.log.1");
    Files.move(f, rotated); // what logrotate does (without copytruncate)
    log.write(AuditLogTest.record("DROP TABLE c"));
    log.write(AuditLogTest.record("DROP TABLE d"));
    assertEquals(List.of("DROP TABLE a", "DROP TABLE b"), statements(rotated));
    assertEquals(List.of("DROP TABLE c", "DROP TABLE d"), statements(f));
    assertEquals("rw-------", perms(f));

    // a file put in its place by someone else (rotation with create) is followed too, and not re-permissioned
    Files.move(f, dir.resolve("audit.log.2"));
    Files.writeString(f, "");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    log.write(AuditLogTest.record("DROP TABLE e"));
    assertEquals(List.of("DROP TABLE e"), statements(f));
    assertEquals(List.of("DROP TABLE c", "DROP TABLE d"), statements(dir.resolve("audit.log.2")));
    assertEquals("rw-r-----", perms(f));
  }

  @Test
  void aDeletedFileIsCreatedAgainOwnerOnly() throws Exception {
    Path f = dir.resolve("logs/audit.log");
    AuditLog log = AuditLog.of(f.toString(), GuardMetrics.none());
    log.write(AuditLogTest.record("DROP TABLE a"));
    Files.delete(f);
    log.write(AuditLogTest.record("DROP TABLE b"));
    assertEquals(List.of("DROP TABLE b"), statements(f));
    assertEquals("rw-------", perms(f));

    // the directory too
    Files.delete(f);
    Files.delete(f.getParent());
    log.write(AuditLogTest.record("DROP TABLE c"));
    assertEquals(List.of("DROP TABLE c"), statements(f));
    assertEquals("rw-------", perms(f));
  }

  @Test
  void appendsToAnExistingFileWithoutTouchingItsLinesOrPermissions() throws Exception {
    Path f = dir.resolve("audit.log");
    Files.writeString(f, "{\"event\":\"earlier\",\"statement\":\"x\"}\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    AuditLog.of(f.toString(), GuardMetrics.none()).write(AuditLogTest.record("DROP TABLE a"));
    assertEquals(List.of("x", "DROP TABLE a"), statements(f));
    assertEquals("rw-r-----", perms(f));
  }

  @Test
  void theFileStaysOpenAcrossLines() throws Exception {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "Linux only");
    Path f = dir.resolve("audit.log");
    AuditLog log = AuditLog.of(f.toString(), GuardMetrics.none());
    log.write(AuditLogTest.record("DROP TABLE a"));
    long before = openOn(fds, f);
    for (int i = 0; i < 50; i++) {
      log.write(AuditLogTest.record("DROP TABLE t" + i));
    }
    assertEquals(1, before, "one descriptor on the file");
    assertEquals(1, openOn(fds, f), "still the same one: no open per line, no leak");
    assertEquals(51, Files.readAllLines(f).size());
  }

  private static long openOn(Path fds, Path f) throws IOException {
    Path real = f.toRealPath();
    try (Stream<Path> s = Files.list(fds)) {
      return s.filter(p -> {
        try {
          return Files.readSymbolicLink(p).equals(real);
        } catch (IOException e) {
          return false;
        }
      }).count();
    }
  }

  @Test
  void twoThreadsWritingLongLinesAtOnceProduceWholeLines() throws Exception {
    Path f = dir.resolve("audit.log");
    // two logs on one file: two descriptors, as two processes would have; each line is one O_APPEND write
    AuditLog one = AuditLog.of(f.toString(), GuardMetrics.none());
    AuditLog two = new FileAuditLog(f, GuardMetrics.none());
    String filler = "x".repeat(3000) + "é😀\"\\\n".repeat(200);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      AuditLog log = t == 0 ? one : two;
      String id = "T" + t;
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 300; i++) {
          log.write(AuditLogTest.record(id + " " + i + " " + filler));
        }
      });
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    start.countDown();
    for (Thread th : threads) {
      th.join();
    }
    List<String> statements = statements(f); // every line parses: none was cut or mixed
    assertEquals(600, statements.size());
    for (int t = 0; t < 2; t++) {
      int next = 0;
      for (String s : statements) {
        if (s.startsWith("T" + t + " ")) {
          assertEquals("T" + t + " " + next + " " + filler, s);
          next++;
        }
      }
      assertEquals(300, next, "each thread's lines, all, in order");
    }
  }

  @Test
  void anInterruptedThreadStillWritesItsLine() throws Exception {
    Path f = dir.resolve("audit.log");
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    AuditLog log = AuditLog.of(f.toString(), GuardMetrics.bindTo(reg));
    log.write(AuditLogTest.record("DROP TABLE a"));
    Thread.currentThread().interrupt();
    try {
      log.write(AuditLogTest.record("DROP TABLE b"));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
    } finally {
      Thread.interrupted();
    }
    log.write(AuditLogTest.record("DROP TABLE c"));
    assertEquals(List.of("DROP TABLE a", "DROP TABLE b", "DROP TABLE c"), statements(f));
    assertEquals(0.0, reg.get("dropguard.audit.errors").counter().count());
  }

  @Test
  void anUnwritablePathFallsBackToStderrEveryTimeAndCountsEachLine() throws Exception {
    Path aDirectory = Files.createDirectory(dir.resolve("audit.log"));
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    AuditLog log = AuditLog.of(aDirectory.toString(), GuardMetrics.bindTo(reg));
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      log.write(AuditLogTest.record("DROP TABLE é😀"));
      log.writeLine("{\"event\":\"policy_error\"}");
    } finally {
      System.setErr(old);
    }
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("dropguard-audit ")).toList();
    assertEquals(2, lines.size(), err.toString(StandardCharsets.UTF_8));
    assertEquals("DROP TABLE é😀", StrictJson.object(lines.get(0).substring(16)).get("statement"));
    assertEquals("dropguard-audit {\"event\":\"policy_error\"}", lines.get(1));
    assertEquals(2.0, reg.get("dropguard.audit.errors").counter().count());

    // once the path is usable, lines go to the file again
    Files.delete(aDirectory);
    log.write(AuditLogTest.record("DROP TABLE b"));
    assertEquals(List.of("DROP TABLE b"), statements(aDirectory));
    assertFalse(Files.isDirectory(aDirectory));
  }
}

package io.dropguard.core.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StderrAuditLogTest {
  /** Counts the writes that reach the stream under System.err's PrintStream. */
  static final class Writes extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writes;

    @Override
    public synchronized void write(int b) {
      writes++;
      bytes.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes++;
      bytes.write(b, off, len);
    }
  }

  private static Writes capture(Runnable r) {
    Writes w = new Writes();
    PrintStream old = System.err;
    // a PrintStream that does not encode in UTF-8 itself: the line's bytes must not depend on it
    System.setErr(new PrintStream(w, true, StandardCharsets.ISO_8859_1));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return w;
  }

  @Test
  void oneWriteOfThePrefixedUtf8LinePerRecord() {
    AuditRecord r = AuditLogTest.record("DROP TABLE é😀 \u2028");
    Writes w = capture(() -> StderrAuditLog.INSTANCE.write(r));
    assertEquals(1, w.writes);
    assertArrayEquals(("dropguard-audit " + r.toJson() + "\n").getBytes(StandardCharsets.UTF_8), w.bytes.toByteArray());

    Writes w2 = capture(() -> StderrAuditLog.INSTANCE.writeLine("{\"event\":\"policy_error\",\"x\":\"ü\"}"));
    assertEquals(1, w2.writes);
    assertEquals("dropguard-audit {\"event\":\"policy_error\",\"x\":\"ü\"}\n", w2.bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void linesOfSeveralThreadsStayWhole() throws Exception {
    String filler = "y".repeat(9000); // longer than any buffer on the way
    CountDownLatch start = new CountDownLatch(1);
    Writes w = capture(() -> {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String id = "T" + t;
        Thread th = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < 100; i++) {
            StderrAuditLog.INSTANCE.write(AuditLogTest.record(id + " " + filler));
          }
        });
        th.start();
        threads.add(th);
      }
      start.countDown();
      for (Thread th : threads) {
        try {
          th.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    });
    List<String> lines = w.bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(400, lines.size());
    assertEquals(400, w.writes);
    for (String l : lines) {
      String s = (String) StrictJson.object(l.substring("dropguard-audit ".length())).get("statement");
      assertEquals(filler, s.substring(3), l.substring(0, 40));
    }
  }
}

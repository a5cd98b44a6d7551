package io.dropguard.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * What one audit line's write costs next to the DDL it records, without DropGuard: the allowed-DDL workload
 * (CREATE TABLE, DROP TABLE) on the raw H2 driver, with and without one write system call of an audit-sized line
 * (about 530 bytes) per pair, measured as the thread's CPU time. An allowed DROP writes one such line, synchronously,
 * before it runs; this separates the system call's share of DropGuard's DDL figure from the analysis.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dropguard.bench.AuditWriteCost [FILE] [PAIRS]}, FILE
 * defaulting to {@code /dev/null}. Prints the median of 12 rounds after 8 warm-up rounds, per variant.
 */
public final class AuditWriteCost {
  private AuditWriteCost() {}

  public static void main(String[] args) throws Exception {
    String file = args.length > 0 ? args[0] : "/dev/null";
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    byte[] line = ("dropguard-audit {" + "\"x\":0,".repeat(85) + "}\n").getBytes(StandardCharsets.UTF_8);
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:audit_cost;DB_CLOSE_DELAY=-1", "sa", "");
        Statement s = c.createStatement();
        OutputStream out = new FileOutputStream(file, true)) {
      long[] next = {0};
      double without = median(() -> run(s, null, line, pairs, next));
      double with = median(() -> run(s, out, line, pairs, next));
      System.out.printf("CREATE + DROP TABLE on raw H2: %.1f us per pair; with one %d-byte write to %s: %.1f us"
          + " (+%.1f us)%n", without, line.length, file, with, with - without);
    }
  }

  private interface Round {
    double run() throws Exception;
  }

  private static double median(Round round) throws Exception {
    for (int i = 0; i < 8; i++) {
      round.run();
    }
    double[] r = new double[12];
    for (int i = 0; i < r.length; i++) {
      r[i] = round.run();
    }
    java.util.Arrays.sort(r);
    return (r[5] + r[6]) / 2;
  }

  /** Microseconds of this thread's CPU per pair. */
  private static double run(Statement s, OutputStream out, byte[] line, int pairs, long[] next)
      throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long t0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < pairs; i++) {
      String t = "bench_tmp_" + next[0]++;
      s.execute("CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(20))");
      s.execute("DROP TABLE " + t);
      if (out != null) {
        write(out, line);
      }
    }
    return (mx.getCurrentThreadCpuTime() - t0) / 1e3 / pairs;
  }

  private static void write(OutputStream out, byte[] line) throws IOException {
    out.write(line); // FileOutputStream: one write(2) per call, as DropGuard's audit line
  }
}

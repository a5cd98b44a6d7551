package io.dropguard.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * The long run of textually unique statements: every step inserts, reads, updates and deletes one row, each with
 * new text, so the database itself does not grow and any growth of the heap after GC is a cache that is not
 * bounded. Prints CSV ({@code stack,statements,heap_after_gc_bytes}) at evenly spaced checkpoints.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.dropguard.bench.UniqueTextHeapRun STACK [STATEMENTS] [DB]}.
 */
public final class UniqueTextHeapRun {
  private static final int CHECKPOINTS = 10;

  private UniqueTextHeapRun() {}

  public static void main(String[] args) throws Exception {
    JdbcStack stack = JdbcStack.valueOf(args[0]);
    long statements = args.length > 1 ? Long.parseLong(args[1]) : 400_000;
    Database db = args.length > 2 ? Database.valueOf(args[2]) : Database.H2;
    BenchSchema.create(db);
    Path policies = BenchPolicy.forDatabase(db);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (PooledDataSource pooled = stack.open(db, policies)) {
      DataSource ds = pooled.dataSource();
      long steps = statements / 4;
      long every = Math.max(1, steps / CHECKPOINTS);
      System.out.println("stack,statements,heap_after_gc_bytes");
      System.out.println(stack + ",0," + heapAfterGc(memory));
      for (long n = 1; n <= steps; n++) {
        Workload.update(ds, Workload.uniqueInsertSql(n));
        Workload.query(ds, Workload.uniqueSelectSql(n));
        Workload.update(ds, Workload.uniqueUpdateSql(n));
        Workload.update(ds, Workload.uniqueDeleteSql(n));
        if (n % every == 0) {
          System.out.println(stack + "," + (n * 4) + "," + heapAfterGc(memory));
        }
      }
    }
  }

  private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
    // several rounds: a single System.gc() may leave finalizable or softly reachable garbage behind
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}

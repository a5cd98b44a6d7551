package io.dropguard.bench;

import io.dropguard.DropGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every workload over every stack in one run (STYLE convention 9): the figures are read as ratios to
 * {@link JdbcStack#RAW} of the same run. Time per operation; one operation borrows a pooled connection, runs the
 * workload's statements and gives the connection back. The per-operation statement counts are in README.md, Performance.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcBenchmarks {
  @Param public JdbcStack stack;

  @Param({"H2"})
  public Database db;

  private PooledDataSource pooled;
  private DataSource ds;

  /** Per-thread sequence: the literals of the unique texts and the ids the workloads touch. */
  @State(Scope.Thread)
  public static class Sequence {
    private static final AtomicInteger THREADS = new AtomicInteger();
    long next;

    @Setup(Level.Trial)
    public void start() {
      // a thread's numbers never meet another thread's, so unique texts stay unique and ids never collide
      next = (long) THREADS.getAndIncrement() << 40;
    }

    long next() {
      return next++;
    }

    int accountId() {
      return (int) (next++ % BenchSchema.ACCOUNTS);
    }
  }

  @Setup(Level.Trial)
  public void open() throws Exception {
    if (System.getProperty("dropguard.audit") == null) {
      // the audit log goes to a file, as a deployment sets it: under JMH standard error is a pipe to the host
      // process, which would measure JMH's relaying of the lines instead
      Path audit = Files.createTempFile("dropguard-bench-audit", ".log");
      audit.toFile().deleteOnExit();
      System.setProperty("dropguard.audit", audit.toString());
    }
    BenchSchema.create(db);
    pooled = stack.open(db, BenchPolicy.forDatabase(db));
    ds = pooled.dataSource();
    checkStackIsInPlace();
  }

  @Setup(Level.Iteration)
  public void emptyGrowingTables() throws SQLException {
    BenchSchema.reset(db);
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    pooled.close();
  }

  /** A figure for a stack that silently is not there would be a lie: refuse to measure it. */
  private void checkStackIsInPlace() throws SQLException {
    boolean guards = stack == JdbcStack.DROPGUARD || stack == JdbcStack.DROPGUARD_WRAP;
    try (Connection c = ds.getConnection()) {
      if (guards && !DropGuard.isGuarded(c)) {
        throw new IllegalStateException(stack + " handed out an unguarded connection: " + c);
      }
    }
    boolean refusesUnscopedDelete = stack == JdbcStack.DRUID_WALL || (guards && db != Database.H2);
    if (refusesUnscopedDelete) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM bench_log");
        throw new IllegalStateException(stack + " let an unscoped DELETE through; it is not guarding");
      } catch (SQLException expected) {
        // refused, as it must be
      }
    }
  }

  /** A repeated prepared point SELECT: 1 statement. */
  @Benchmark
  public long pointSelect(Sequence n) throws SQLException {
    return Workload.pointSelect(ds, n.accountId());
  }

  /** SELECT, UPDATE with WHERE, INSERT, all prepared and repeated: 3 statements. */
  @Benchmark
  public long oltpMix(Sequence n) throws SQLException {
    return Workload.oltpMix(ds, n.accountId(), 1);
  }

  /** One prepared INSERT with a batch of 100 rows. */
  @Benchmark
  public int batchInsert(Sequence n) throws SQLException {
    return Workload.batchInsert(ds, n.accountId());
  }

  /** A SELECT with its literals inlined, new text every time: 1 statement. */
  @Benchmark
  public long uniqueSelect(Sequence n) throws SQLException {
    return Workload.query(ds, Workload.uniqueSelectSql(n.next()));
  }

  /** An INSERT with its literals inlined, new text every time: 1 statement. */
  @Benchmark
  public int uniqueInsert(Sequence n) throws SQLException {
    return Workload.update(ds, Workload.uniqueInsertSql(n.next()));
  }

  /** A DELETE with a row-restricting WHERE, new text every time: 1 statement. */
  @Benchmark
  public int uniqueDelete(Sequence n) throws SQLException {
    return Workload.update(ds, Workload.uniqueDeleteSql(n.next()));
  }

  /** An UPDATE with a row-restricting WHERE, new text every time: 1 statement. */
  @Benchmark
  public int uniqueUpdate(Sequence n) throws SQLException {
    return Workload.update(ds, Workload.uniqueUpdateSql(n.next()));
  }

  /** CREATE TABLE and DROP TABLE of a scratch table the policy allows: 2 statements. */
  @Benchmark
  public int allowedDdl(Sequence n) throws SQLException {
    return Workload.ddl(ds, n.next());
  }
}

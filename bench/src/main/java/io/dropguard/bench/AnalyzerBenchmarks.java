package io.dropguard.bench;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.SqlAnalyzer;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DropGuard's analysis alone, without JDBC: where {@link JdbcBenchmarks} shows a gap, this says how much of it is
 * the analysis of the text (cached or new) and how much is the wrappers. Same statement texts as the workloads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnalyzerBenchmarks {
  @Param({"H2", "POSTGRES"})
  public Dialect dialect;

  private final SqlAnalyzer analyzer = SqlAnalyzer.shared();
  private long n = 1;

  /** The same text every time: the cache hit a repeated statement costs. */
  @Benchmark
  public Analysis repeatedSelect() {
    return analyzer.analyze(Workload.POINT_SELECT, dialect);
  }

  @Benchmark
  public Analysis repeatedUpdate() {
    return analyzer.analyze(Workload.UPDATE_BALANCE, dialect);
  }

  @Benchmark
  public Analysis uniqueSelect() {
    return analyzer.analyze(Workload.uniqueSelectSql(n++), dialect);
  }

  @Benchmark
  public Analysis uniqueInsert() {
    return analyzer.analyze(Workload.uniqueInsertSql(n++), dialect);
  }

  @Benchmark
  public Analysis uniqueDelete() {
    return analyzer.analyze(Workload.uniqueDeleteSql(n++), dialect);
  }

  @Benchmark
  public Analysis uniqueUpdate() {
    return analyzer.analyze(Workload.uniqueUpdateSql(n++), dialect);
  }

  /**
   * JSqlParser alone on the unique DELETE, as core's SqlParser first tries it (simple parsing): the share of
   * {@link #uniqueDelete} that is the third-party parse.
   */
  @Benchmark
  public Object jsqlparserUniqueDelete() throws ParseException {
    CCJSqlParser parser = new CCJSqlParser(new StringProvider(Workload.uniqueDeleteSql(n++)));
    return parser.withAllowComplexParsing(false).withUnsupportedStatements(false).Statement();
  }

  /**
   * The guard's first question, before any analysis: is the text certainly harmless? For a repeated prepared
   * text it is answered from a small table of texts the one-pass scan decided before.
   */
  @Benchmark
  public boolean repeatedSelectCertainlyHarmless() {
    return analyzer.certainlyHarmless(Workload.POINT_SELECT, dialect);
  }

  /** The one-pass scan on a new SELECT (after a cache miss): what the guard spends on it instead of analysing. */
  @Benchmark
  public boolean uniqueSelectCertainlyHarmless() {
    return analyzer.certainlyHarmless(Workload.uniqueSelectSql(n++), dialect);
  }

  /** The one-pass scan on a new scoped DELETE (with the parser-free shape check). */
  @Benchmark
  public boolean uniqueDeleteCertainlyHarmless() {
    return analyzer.certainlyHarmless(Workload.uniqueDeleteSql(n++), dialect);
  }

  /** CREATE TABLE of a new scratch table. */
  @Benchmark
  public Analysis createTable() {
    return analyzer.analyze("CREATE TABLE bench_tmp_" + (n++) + " (id INT PRIMARY KEY, v VARCHAR(20))", dialect);
  }

  /** DROP TABLE of a new scratch table. */
  @Benchmark
  public Analysis dropTable() {
    return analyzer.analyze("DROP TABLE bench_tmp_" + (n++), dialect);
  }
}

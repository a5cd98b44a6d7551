package io.dropguard.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's JVM per operation ({@code -prof io.dropguard.bench.CpuTimeProfiler}, secondary
 * result {@code cpu.time.norm}, ns/op). On a machine shared with other work the wall time per operation mostly
 * measures how long the benchmark thread waited for a core; the CPU it used is far steadier. It counts every
 * thread of the fork (the workload, the in-memory database it drives, GC and JIT), so a layer that allocates more
 * pays for its garbage collection too.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private long cpuAtStart;
  private long workersAtStart;

  @Override
  public String getDescription() {
    return "process CPU time per operation (steady when the machine is shared)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart = processCpuNanos();
    workersAtStart = workerCpuNanos();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long used = processCpuNanos() - cpuAtStart;
    long worker = workerCpuNanos() - workersAtStart;
    long ops = Math.max(1, result.getMetadata().getMeasuredOps());
    return List.of(
        new ScalarResult("cpu.time.norm", (double) used / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.worker.norm", (double) worker / ops, "ns/op", AggregationPolicy.AVG));
  }

  /** CPU of JMH's worker threads only: the workload and the database it drives, without GC or JIT threads. */
  private static long workerCpuNanos() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("jmh-worker")) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) {
          sum += cpu;
        }
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}

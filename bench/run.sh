#!/usr/bin/env bash
# DropGuard's benchmark suite in one command: builds bench/target/benchmarks.jar when needed, runs every workload
# over every stack (JMH, with -prof gc), the long heap run and the start-up runs, and writes
# bench/results/results.md (plus the raw jmh.json, heap.csv, startup.csv and logs beside it).
#
#   bench/run.sh                  full: 3 rounds of 1 fork, 5 x 2 s warm-up, 5 x 2 s measurement (about 1 h)
#   MODE=moderate bench/run.sh    1 round of 1 fork, 10 x 1 s warm-up, 8 x 0.5 s measurement (about 20 min on H2)
#                                 (warm-up by time: the slow DDL workload reaches its compiled speed after ~8 s)
#   QUICK=1 bench/run.sh          1 round of 1 fork, 1 x 1 s warm-up, 5 x 0.3 s measurement (smoke test, ~7 min)
#
# A round runs every workload x stack once, one fork each; the report pools the rounds. JMH runs the forks of one
# benchmark back to back, so on a loaded machine a slow minute would fall on one stack only; rounds interleave them.
#
# Other knobs (environment):
#   DBS=H2,POSTGRES,STUB   databases (default H2); POSTGRES needs the server on 127.0.0.1:5432 (database test)
#   STACKS=RAW,DROPGUARD   stacks (default: all of JdbcStack)
#   BENCH=regex            JMH benchmark filter (default: every JdbcBenchmarks workload)
#   THREADS=1              JMH threads
#   ROUNDS=N               rounds (default by mode)
#   PROF_GC=0              leave out -prof gc
#   PROF_CPU=0             leave out the CPU-time profiler (io.dropguard.bench.CpuTimeProfiler)
#   ANALYZER=0             leave out AnalyzerBenchmarks (DropGuard's analysis alone, for attribution)
#   HEAP_STATEMENTS=N      statements in the long heap run (default by mode; 0 skips it)
#   STARTUP_RUNS=N         runs of each start-up variant (default by mode; 0 skips them)
#   JMH_OPTS="..."         replaces the mode's fork/iteration options, e.g. "-f 1 -wi 1 -i 2 -r 500ms"
#   JMH_EXTRA="..."        more JMH options, e.g. "-prof jfr"
#   RESULTS=dir            where the results go (default bench/results)
#   REBUILD=1              rebuild even when the jar looks current
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RESULTS=${RESULTS:-bench/results}
JAR=bench/target/benchmarks.jar
AGENT_JAR=agent/target/dropguard-agent.jar

if [[ "${QUICK:-0}" == "1" ]]; then MODE=quick; fi
MODE=${MODE:-full}
case "$MODE" in
  quick) JMH_MODE=(-f 1 -wi 1 -w 1s -i 5 -r 300ms); ROUNDS_DEFAULT=1; HEAP_DEFAULT=40000; STARTUP_DEFAULT=2 ;;
  moderate) JMH_MODE=(-f 1 -wi 10 -w 1s -i 8 -r 500ms); ROUNDS_DEFAULT=1; HEAP_DEFAULT=60000; STARTUP_DEFAULT=3 ;;
  full) JMH_MODE=(-f 1 -wi 5 -w 2s -i 5 -r 2s); ROUNDS_DEFAULT=3; HEAP_DEFAULT=400000; STARTUP_DEFAULT=10 ;;
  *) echo "run.sh: unknown MODE=$MODE (quick, moderate or full)" >&2; exit 2 ;;
esac
# shellcheck disable=SC2206
[[ -n "${JMH_OPTS:-}" ]] && JMH_MODE=($JMH_OPTS)
DBS=${DBS:-H2}
BENCH=${BENCH:-JdbcBenchmarks}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-$ROUNDS_DEFAULT}
HEAP_STATEMENTS=${HEAP_STATEMENTS:-$HEAP_DEFAULT}
STARTUP_RUNS=${STARTUP_RUNS:-$STARTUP_DEFAULT}

# --- build, when a jar is missing or older than any source it is made of (the agent's jar is built too, for the
# start-up figures)
MODULES=bench
[[ -d agent ]] && MODULES=bench,agent
needs_build() {
  [[ "${REBUILD:-0}" == "1" || ! -f "$JAR" ]] && return 0
  [[ -d agent && ! -f "$AGENT_JAR" ]] && return 0
  [[ -n "$(find bench core driver agent testing pom.xml -path '*/target' -prune -o -newer "$JAR" \( -name '*.java' -o -name '*.xml' -o -name '*.yaml' -o -name '*.properties' \) -print -quit 2>/dev/null)" ]]
}
if needs_build; then
  echo "run.sh: building $JAR (modules $MODULES)" >&2
  mvn -B -q -pl "$MODULES" -am package -DskipTests
fi

if [[ ",$DBS," == *",POSTGRES,"* ]] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "run.sh: DBS has POSTGRES but no server answers on 127.0.0.1:5432; start it or leave POSTGRES out" >&2
  exit 2
fi

mkdir -p "$RESULTS"
rm -f "$RESULTS"/jmh*.json "$RESULTS"/heap.csv "$RESULTS"/startup.csv "$RESULTS"/*.log

# --- the machine, so that a table is never read without it
{
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores available)"
  echo "Memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "JDK: $(java -version 2>&1 | sed -n 2p)"
  echo "OS: $(uname -sr)"
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "Mode: $MODE, $ROUNDS round(s) of (${JMH_MODE[*]}), threads $THREADS, databases $DBS"
} > "$RESULTS/machine.txt"
echo "MODE=$MODE ROUNDS=$ROUNDS DBS=$DBS${STACKS:+ STACKS=$STACKS}${BENCH:+ BENCH=$BENCH} THREADS=$THREADS bench/run.sh" \
  > "$RESULTS/command.txt"

# --- JMH: every workload x stack x database, one JSON per round
JMH_ARGS=("$BENCH" "${JMH_MODE[@]}" -t "$THREADS" -p db="$DBS" -rf json -foe false)
[[ -n "${STACKS:-}" ]] && JMH_ARGS+=(-p stack="$STACKS")
[[ "${PROF_GC:-1}" == "1" ]] && JMH_ARGS+=(-prof gc)
[[ "${PROF_CPU:-1}" == "1" ]] && JMH_ARGS+=(-prof io.dropguard.bench.CpuTimeProfiler)
# shellcheck disable=SC2206
[[ -n "${JMH_EXTRA:-}" ]] && JMH_ARGS+=($JMH_EXTRA)
for round in $(seq 1 "$ROUNDS"); do
  echo "run.sh: round $round/$ROUNDS: java -jar $JAR ${JMH_ARGS[*]} -rff $RESULTS/jmh-$round.json" >&2
  java -jar "$JAR" "${JMH_ARGS[@]}" -rff "$RESULTS/jmh-$round.json" > "$RESULTS/jmh-$round.log" 2>&1 \
    || echo "run.sh: JMH exited with $? (see $RESULTS/jmh-$round.log)" >&2
  grep -E '^(Benchmark|JdbcBenchmarks\.[a-zA-Z]+ )' "$RESULTS/jmh-$round.log" | grep -v ':gc\.' >&2 || true
done

# --- the analysis alone (no JDBC), to attribute what the JDBC figures show
if [[ "${ANALYZER:-1}" == "1" ]]; then
  echo "run.sh: AnalyzerBenchmarks (DropGuard's analysis and JSqlParser alone)" >&2
  java -jar "$JAR" AnalyzerBenchmarks "${JMH_MODE[@]}" -p dialect=H2 -prof gc \
    -prof io.dropguard.bench.CpuTimeProfiler -rf json -rff "$RESULTS/analyzer.json" \
    > "$RESULTS/analyzer.log" 2>&1 || echo "run.sh: AnalyzerBenchmarks failed (see $RESULTS/analyzer.log)" >&2
fi

# --- heap after GC over a long run of unique texts (bounded caches show no growth)
if [[ "$HEAP_STATEMENTS" -gt 0 ]]; then
  echo "stack,statements,heap_after_gc_bytes" > "$RESULTS/heap.csv"
  for stack in RAW DROPGUARD; do
    echo "run.sh: heap run $stack, $HEAP_STATEMENTS unique statements" >&2
    if java -Xms256m -Xmx256m -cp "$JAR" io.dropguard.bench.UniqueTextHeapRun "$stack" "$HEAP_STATEMENTS" H2 \
        > "$RESULTS/heap-$stack.out" 2>> "$RESULTS/heap.log"; then
      grep -v '^stack,' "$RESULTS/heap-$stack.out" >> "$RESULTS/heap.csv"
    else
      echo "run.sh: heap run $stack failed (see $RESULTS/heap.log)" >&2
    fi
  done
fi

# --- start-up: a small JDBC script with and without the agent, and with the URL swap
run_script() { # variant, then the java arguments
  local variant=$1 start end line
  shift
  start=$(date +%s%N)
  if line=$(java "$@" io.dropguard.bench.SmallJdbcScript "$SCRIPT_URL" 2>> "$RESULTS/startup.log"); then
    end=$(date +%s%N)
    echo "$line" | python3 -c '
import sys, re
v, run, wall = sys.argv[1:4]
kv = dict(re.findall(r"(\w+)=(\S+)", sys.stdin.read()))
print(",".join([v, run, wall, kv.get("first_delete_done_ms", ""), kv.get("first_delete_call_ms", ""), kv.get("guarded", "")]))
' "$variant" "$i" "$(( (end - start) / 1000000 ))" >> "$RESULTS/startup.csv"
  else
    echo "run.sh: start-up variant $variant failed (see $RESULTS/startup.log)" >&2
  fi
}
if [[ "$STARTUP_RUNS" -gt 0 ]]; then
  echo "variant,run,wall_ms,first_delete_done_ms,first_delete_call_ms,guarded" > "$RESULTS/startup.csv"
  SCRIPT_CP=bench/target/classes:bench/target/script-lib/h2.jar
  for i in $(seq 1 "$STARTUP_RUNS"); do
    SCRIPT_URL=jdbc:h2:mem:script
    run_script plain -cp "$SCRIPT_CP"
    if [[ -f "$AGENT_JAR" ]]; then
      run_script agent "-javaagent:$AGENT_JAR" -cp "$SCRIPT_CP"
    fi
    run_script plain-fat-classpath -cp "$JAR"
    SCRIPT_URL=jdbc:dropguard:h2:mem:script
    run_script url-swap -cp "$JAR"
  done
  [[ -f "$AGENT_JAR" ]] || echo "run.sh: $AGENT_JAR not built: start-up with the agent not measured" >&2
fi

echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
python3 bench/report.py "$RESULTS" > "$RESULTS/results.md"
echo "run.sh: wrote $RESULTS/results.md" >&2

#!/usr/bin/env python3
"""Turns one run of bench/run.sh into bench/results/results.md.

Reads, from the results directory given as the only argument:
  jmh-N.json    JMH's -rf json output of round N (AverageTime, ns/op; gc.alloc.rate.norm with -prof gc)
  heap.csv      UniqueTextHeapRun: stack,statements,heap_after_gc_bytes
  startup.csv   variant,run,wall_ms,first_delete_done_ms,first_delete_call_ms,guarded
  machine.txt   key: value lines
  command.txt   the command line that produced the run
Any file may be missing; its section then says so.

Rounds are pooled: a score is the mean of every measurement iteration of every round, with a 99.9% Student t
confidence interval as JMH computes it (JMH runs all forks of one benchmark back to back; rounds interleave the
stacks in time, so a noisy phase of the machine falls on every stack rather than on one).

Ratios to RAW carry a conservative interval: the 99.9% confidence interval of each score, combined as
[stack_low / raw_high, stack_high / raw_low], so the true ratio lies inside whenever both scores' true values lie
inside their own intervals.
"""
import csv
import json
import math
import os
import statistics
import sys

STATEMENTS_PER_OP = {
    "pointSelect": 1,
    "oltpMix": 3,
    "batchInsert": 100,  # one prepared INSERT, 100 batch entries; the goal is per entry
    "uniqueSelect": 1,
    "uniqueInsert": 1,
    "uniqueDelete": 1,
    "uniqueUpdate": 1,
    "allowedDdl": 2,
}
WORKLOAD_TEXT = {
    "pointSelect": "point SELECT (prepared, repeated)",
    "oltpMix": "OLTP mix: SELECT + UPDATE ... WHERE + INSERT (prepared)",
    "batchInsert": "batch of 100 INSERTs (prepared)",
    "uniqueSelect": "unique SELECT (literals inlined)",
    "uniqueInsert": "unique INSERT (literals inlined)",
    "uniqueDelete": "unique DELETE ... WHERE id = n",
    "uniqueUpdate": "unique UPDATE ... WHERE id = n",
    "allowedDdl": "allowed DDL: CREATE + DROP TABLE",
}
# (maximum ratio to RAW, maximum added ns per statement); None where the issue sets no such goal
GOALS = {
    "pointSelect": (1.10, 100),
    "oltpMix": (1.03, 100),
    "batchInsert": (None, 100),
    "uniqueSelect": (1.15, None),
    "uniqueInsert": (1.15, None),
    "uniqueDelete": (2.0, None),
    "uniqueUpdate": (2.0, None),
    "allowedDdl": (2.0, None),
}
STACK_ORDER = ["RAW", "DROPGUARD", "DROPGUARD_WRAP", "P6SPY", "DATASOURCE_PROXY", "DRUID_WALL"]
GUARDS = ("DROPGUARD", "DROPGUARD_WRAP")


def finite(x):
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def fmt_ns(x):
    if not finite(x):
        return "n/a"
    if abs(x) >= 100_000:
        return f"{x / 1000:,.0f} us"
    if abs(x) >= 10_000:
        return f"{x / 1000:,.1f} us"
    return f"{x:,.0f} ns"


def fmt_ratio(x):
    return f"{x:.2f}x" if finite(x) else "n/a"


# two-sided 99.9% Student t quantiles, as JMH uses for its score error
T999 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781, 10: 4.587,
        11: 4.437, 12: 4.318, 13: 4.221, 14: 4.140, 15: 4.073, 16: 4.015, 17: 3.965, 18: 3.922, 19: 3.883,
        20: 3.850, 21: 3.819, 22: 3.792, 23: 3.768, 24: 3.745, 25: 3.725, 26: 3.707, 27: 3.690, 28: 3.674,
        29: 3.659, 30: 3.646, 40: 3.551, 60: 3.460, 120: 3.373}


def t999(df):
    if df in T999:
        return T999[df]
    for k in (40, 60, 120):
        if df < k:
            return T999[k]
    return 3.291


class Score:
    """One workload x stack x database, over every measurement iteration of every round (fork) that ran it."""

    def __init__(self):
        self.samples = []
        self.allocs = []

    def add(self, entry, metric=None):
        m = entry["primaryMetric"] if metric is None else (entry.get("secondaryMetrics") or {}).get(metric)
        if m is None:
            return
        for fork in m.get("rawData") or [[m["score"]]]:
            self.samples.extend(fork)
        alloc = (entry.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
        if alloc:
            for fork in alloc.get("rawData") or [[alloc["score"]]]:
                self.allocs.extend(fork)

    def finish(self):
        n = len(self.samples)
        if n == 0:
            return None
        self.score = statistics.fmean(self.samples)
        self.has_ci = n >= 2
        self.error = t999(n - 1) * statistics.stdev(self.samples) / math.sqrt(n) if self.has_ci else float("nan")
        self.lo = self.score - self.error if self.has_ci else self.score
        self.hi = self.score + self.error if self.has_ci else self.score
        self.n = n
        finite_allocs = [a for a in self.allocs if finite(a)]
        self.alloc = statistics.fmean(finite_allocs) if finite_allocs else None
        return self

    def text(self):
        if self.has_ci:
            return f"{fmt_ns(self.score)} ± {fmt_ns(self.error)}"
        return f"{fmt_ns(self.score)} (no CI)"


def load_jmh(results, metric=None):
    """{db: {workload: {stack: Score}}} over every jmh*.json in results (one per round of run.sh); metric None is
    JMH's primary score (wall time per operation), else the named secondary result (e.g. cpu.worker.norm)."""
    files = sorted(f for f in os.listdir(results) if f.startswith("jmh") and f.endswith(".json"))
    if not files:
        return None
    data = {}
    for name in files:
        with open(os.path.join(results, name)) as f:
            text = f.read().strip()
        for entry in json.loads(text) if text else []:
            workload = entry["benchmark"].rsplit(".", 1)[-1]
            params = entry.get("params", {})
            db = params.get("db", "H2")
            stack = params.get("stack", "?")
            data.setdefault(db, {}).setdefault(workload, {}).setdefault(stack, Score()).add(entry, metric)
    for workloads in data.values():
        for row in workloads.values():
            for stack in list(row):
                if row[stack].finish() is None:
                    del row[stack]
    return data


def verdict(value_point, value_lo, value_hi, goal):
    if goal is None or not finite(value_point):
        return None
    if value_hi <= goal:
        return "met"
    if value_point <= goal:
        return "met (upper CI above goal)"
    if value_lo <= goal:
        return "missed (within CI)"
    return "**missed**"


def ratio_interval(s, raw):
    ratio = s.score / raw.score
    # an interval wider than its score says "anything from 0": clamp there rather than print a negative ratio
    lo = max(0.0, s.lo) / raw.hi if raw.hi > 0 else float("nan")
    hi = s.hi / raw.lo if raw.lo > 0 else float("inf")
    return ratio, lo, hi


def delta_interval(s, raw, statements):
    d = (s.score - raw.score) / statements
    lo = (s.lo - raw.hi) / statements
    hi = (s.hi - raw.lo) / statements
    return d, lo, hi


def ratio_cell(sc, raw):
    if sc is None:
        return "failed (see jmh log)"
    if raw is None:
        return fmt_ns(sc.score)
    r, lo, hi = ratio_interval(sc, raw)
    return f"{fmt_ratio(r)} [{lo:.2f}, {hi:.2f}]" if sc.has_ci and raw.has_ci else fmt_ratio(r)


def ratio_table(out, title, workloads, ordered, stacks):
    out.append(title + "\n")
    out.append("| workload | RAW | " + " | ".join(s for s in stacks if s != "RAW") + " |")
    out.append("| --- | ---: | " + " | ".join("---:" for s in stacks if s != "RAW") + " |")
    for w in ordered:
        row = workloads.get(w, {})
        raw = row.get("RAW")
        cells = [WORKLOAD_TEXT.get(w, w), fmt_ns(raw.score) if raw else "failed"]
        cells += [ratio_cell(row.get(s), raw) for s in stacks if s != "RAW"]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")


def jmh_sections(data, cpu, out):
    if data is None:
        out.append("No JMH results (no jmh*.json): the suite did not run.\n")
        return
    for db in sorted(data):
        workloads = data[db]
        cpu_w = (cpu or {}).get(db) or {}
        stacks = [s for s in STACK_ORDER if any(s in w for w in workloads.values())]
        stacks += sorted({s for w in workloads.values() for s in w} - set(stacks))
        ordered = [w for w in STATEMENTS_PER_OP if w in workloads] + sorted(set(workloads) - set(STATEMENTS_PER_OP))

        if cpu_w:
            ratio_table(out, f"### {db}: ratio to RAW, CPU time of the benchmark thread per operation "
                        "(conservative 99.9% interval)", cpu_w, ordered, stacks)
        ratio_table(out, f"### {db}: ratio to RAW, wall time per operation (conservative 99.9% interval)",
                    workloads, ordered, stacks)

        basis = "CPU time" if cpu_w else "wall time"
        out.append(f"### {db}: DropGuard against the goals (verdict on {basis})\n")
        out.append("| workload | stack | wall time/op | wall ratio | CPU time/op | CPU ratio | added CPU per statement "
                   "[interval] | goal | verdict |")
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for w in ordered:
            row = workloads[w]
            crow = cpu_w.get(w, {})
            max_ratio, max_delta = GOALS.get(w, (None, None))
            goal_text = ", ".join(
                t for t in [f"<= {max_ratio:.2f}x" if max_ratio else None, f"<= +{max_delta} ns/stmt" if max_delta else None] if t
            )
            for s in GUARDS:
                sc, raw = row.get(s), row.get("RAW")
                if sc is None or raw is None:
                    if s in stacks or s == "DROPGUARD":
                        out.append(f"| {WORKLOAD_TEXT.get(w, w)} | {s} | failed | | | | | {goal_text} | not measured |")
                    continue
                csc, craw = crow.get(s), crow.get("RAW")
                judged, jraw = (csc, craw) if csc and craw else (sc, raw)
                r, rlo, rhi = ratio_interval(judged, jraw)
                d, dlo, dhi = delta_interval(judged, jraw, STATEMENTS_PER_OP.get(w, 1))
                verdicts = [v for v in [verdict(r, rlo, rhi, max_ratio), verdict(d, dlo, dhi, max_delta)] if v]
                worst = next((v for v in verdicts if "missed" in v), None) or (verdicts[0] if verdicts else "")
                cpu_cells = (f"{csc.text()} | {ratio_cell(csc, craw)} | {fmt_ns(d)} [{fmt_ns(dlo)}, {fmt_ns(dhi)}]"
                             if csc and craw else "n/a | n/a | n/a")
                out.append(
                    f"| {WORKLOAD_TEXT.get(w, w)} | {s} | {sc.text()} | {ratio_cell(sc, raw)} | {cpu_cells} | "
                    f"{goal_text} | {worst} |"
                )
        out.append("")

        if any(sc.alloc is not None for row in workloads.values() for sc in row.values()):
            out.append(f"### {db}: allocation (`-prof gc`, gc.alloc.rate.norm)\n")
            out.append("| workload | " + " | ".join(f"{s} B/op" for s in stacks) + " | DropGuard extra B/statement |")
            out.append("| --- | " + " | ".join("---:" for _ in stacks) + " | ---: |")
            for w in ordered:
                row = workloads[w]
                cells = [WORKLOAD_TEXT.get(w, w)]
                for s in stacks:
                    sc = row.get(s)
                    cells.append(f"{sc.alloc:,.0f}" if sc and sc.alloc is not None else "n/a")
                raw, dg = row.get("RAW"), row.get("DROPGUARD")
                if raw and dg and raw.alloc is not None and dg.alloc is not None:
                    cells.append(f"{(dg.alloc - raw.alloc) / STATEMENTS_PER_OP.get(w, 1):,.0f}")
                else:
                    cells.append("n/a")
                out.append("| " + " | ".join(cells) + " |")
            out.append("")

        out.append(f"<details><summary>{db}: every score (± 99.9% CI half-width, n iterations)</summary>\n")
        out.append("| workload | stack | wall time/op | CPU time/op | n |")
        out.append("| --- | --- | ---: | ---: | ---: |")
        for w in ordered:
            for s in stacks:
                sc = workloads[w].get(s)
                csc = cpu_w.get(w, {}).get(s)
                out.append(f"| {w} | {s} | {sc.text() if sc else 'failed'} | {csc.text() if csc else 'n/a'} | "
                           f"{sc.n if sc else 0} |")
        out.append("\n</details>\n")


ANALYZER_TEXT = {
    "repeatedSelect": "repeated SELECT (cache hit)",
    "repeatedUpdate": "repeated UPDATE ... WHERE (cache hit)",
    "uniqueSelect": "unique SELECT",
    "uniqueInsert": "unique INSERT",
    "uniqueDelete": "unique DELETE ... WHERE",
    "uniqueUpdate": "unique UPDATE ... WHERE",
    "createTable": "CREATE TABLE (new name)",
    "dropTable": "DROP TABLE (new name)",
    "jsqlparserUniqueDelete": "JSqlParser alone: the unique DELETE",
    "repeatedSelectCertainlyHarmless": "certainly harmless? repeated prepared SELECT (scanned before)",
    "uniqueSelectCertainlyHarmless": "certainly harmless? unique SELECT (cache miss, one-pass scan)",
    "uniqueDeleteCertainlyHarmless": "certainly harmless? unique DELETE ... WHERE (cache miss, scan, shape check)",
}


def analyzer_section(path, out):
    out.append("### DropGuard's analysis alone (AnalyzerBenchmarks, H2 dialect, no JDBC)\n")
    if not os.path.exists(path):
        out.append("Not run (analyzer.json missing).\n")
        return
    with open(path) as f:
        text = f.read().strip()
    scores, cpus = {}, {}
    for entry in json.loads(text) if text else []:
        name = entry["benchmark"].rsplit(".", 1)[-1]
        scores.setdefault(name, Score()).add(entry)
        cpus.setdefault(name, Score()).add(entry, "cpu.worker.norm")
    if not scores:
        out.append("No results.\n")
        return
    out.append("| statement | wall time per analysis | CPU time per analysis | allocated per analysis |")
    out.append("| --- | ---: | ---: | ---: |")
    for name in [n for n in ANALYZER_TEXT if n in scores] + sorted(set(scores) - set(ANALYZER_TEXT)):
        s = scores[name].finish()
        c = cpus[name].finish()
        alloc = f"{s.alloc:,.0f} B" if s.alloc is not None else "n/a"
        out.append(f"| {ANALYZER_TEXT.get(name, name)} | {s.text()} | {c.text() if c else 'n/a'} | {alloc} |")
    out.append("")


def heap_section(path, out):
    out.append("### Heap after GC over a long run of unique statements\n")
    if not os.path.exists(path):
        out.append("Not run (heap.csv missing).\n")
        return
    series = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            if row.get("stack") in (None, "stack"):
                continue
            series.setdefault(row["stack"], []).append((int(row["statements"]), int(row["heap_after_gc_bytes"])))
    if not series:
        out.append("No data in heap.csv.\n")
        return
    out.append(
        "Each step inserts, selects, updates and deletes one row with new text, so the database does not grow; "
        "heap measured after `System.gc()` at each checkpoint.\n"
    )
    out.append("| stack | statements | heap after GC at 10% | at 100% | growth 10% → 100% |")
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for stack in [s for s in STACK_ORDER if s in series] + sorted(set(series) - set(STACK_ORDER)):
        points = sorted(series[stack])
        if len(points) < 3:
            out.append(f"| {stack} | {points[-1][0]:,} | n/a | n/a | n/a |")
            continue
        first, last = points[1], points[-1]
        mb = lambda b: f"{b / 1048576:.1f} MiB"
        out.append(f"| {stack} | {last[0]:,} | {mb(first[1])} | {mb(last[1])} | {(last[1] - first[1]) / 1048576:+.1f} MiB |")
    out.append("")


def startup_section(path, out):
    out.append("### Start-up of a small JDBC script\n")
    if not os.path.exists(path):
        out.append("Not run (startup.csv missing).\n")
        return
    runs = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            runs.setdefault(row["variant"], []).append(row)
    if not runs:
        out.append("No data.\n")
        return
    med = lambda rows, key: statistics.median(float(r[key]) for r in rows if r.get(key) not in (None, "", "nan"))
    out.append(
        "The script connects through DriverManager to H2 in memory, creates a table, inserts 20 rows, selects, "
        "runs one DELETE with a WHERE and exits. Medians of the runs; wall time includes JVM start and exit.\n"
    )
    out.append("| variant | runs | wall time | added wall time | first DELETE done (since JVM start) | first DELETE call | guarded |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    baselines = {"agent": "plain", "url-swap": "plain-fat-classpath"}
    for variant, rows in runs.items():
        wall = med(rows, "wall_ms")
        base = baselines.get(variant)
        added = f"{wall - med(runs[base], 'wall_ms'):+.0f} ms (vs {base})" if base in runs else ""
        out.append(
            f"| {variant} | {len(rows)} | {wall:.0f} ms | {added} | {med(rows, 'first_delete_done_ms'):.0f} ms | "
            f"{med(rows, 'first_delete_call_ms'):.1f} ms | {rows[0].get('guarded', '')} |"
        )
    out.append("")


def read_text(path):
    return open(path).read().strip() if os.path.exists(path) else None


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
    out = ["# DropGuard benchmark results\n"]
    machine = read_text(os.path.join(results, "machine.txt"))
    command = read_text(os.path.join(results, "command.txt"))
    if machine:
        out.append("Machine:\n")
        out.extend(f"- {line}" for line in machine.splitlines())
        out.append("")
    if command:
        out.append(f"Command: `{command}`\n")
    out.append(
        "Wall time is JMH's AverageTime per operation (one operation borrows a pooled connection, runs the workload "
        "and returns it); CPU time is the CPU the benchmark thread used per operation (`CpuTimeProfiler`, "
        "cpu.worker.norm: the workload and the in-memory database it drives, without GC and JIT threads), which stays "
        "steady when the machine is shared. Ratios are to RAW in the same run, with a conservative interval built "
        "from both 99.9% confidence intervals. \"added per statement\" divides the difference by the statements in "
        "one operation.\n"
    )
    jmh_sections(load_jmh(results), load_jmh(results, "cpu.worker.norm"), out)
    analyzer_section(os.path.join(results, "analyzer.json"), out)
    heap_section(os.path.join(results, "heap.csv"), out)
    startup_section(os.path.join(results, "startup.csv"), out)
    print("\n".join(out))


if __name__ == "__main__":
    main()

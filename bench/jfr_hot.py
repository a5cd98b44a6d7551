#!/usr/bin/env python3
"""Where the time goes in a JFR recording (e.g. from `-prof jfr`): the top frames by self samples, the top
frames by inclusive samples, and the top `io.dropguard` frames by inclusive samples.

Usage: bench/jfr_hot.py profile.jfr [top=25] [package-prefix=io.dropguard.] [cpu|alloc]
Reads the recording with the JDK's `jfr print --json`: jdk.ExecutionSample for cpu (the default), or
jdk.ObjectAllocationSample weighted by its bytes for alloc (then also the top allocated classes).
"""
import collections
import json
import subprocess
import sys


def frames_of(event):
    st = event["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        out.append(f'{m["type"]["name"]}.{m["name"]}'.replace("/", "."))
    return out


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    prefix = sys.argv[3] if len(sys.argv) > 3 else "io.dropguard."
    mode = sys.argv[4] if len(sys.argv) > 4 else "cpu"
    event = "jdk.ObjectAllocationSample" if mode == "alloc" else "jdk.ExecutionSample"
    raw = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "256", "--events", event, path],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    self_count = collections.Counter()
    incl = collections.Counter()
    ours = collections.Counter()
    classes = collections.Counter()
    total = 0
    for e in events:
        fr = frames_of(e)
        if not fr:
            continue
        w = e["values"].get("weight", 1) if mode == "alloc" else 1
        total += w
        self_count[fr[0]] += w
        if mode == "alloc":
            classes[(e["values"].get("objectClass") or {}).get("name", "?")] += w
        for f in set(fr):
            incl[f] += w
            if f.startswith(prefix):
                ours[f] += w
    unit = "bytes (sampled weight)" if mode == "alloc" else "execution samples"
    print(f"{len(events)} events, {total} {unit}")
    sections = [("self", self_count), ("inclusive", incl), (f"inclusive, {prefix}*", ours)]
    if mode == "alloc":
        sections.insert(0, ("allocated class", classes))
    for title, counter in sections:
        print(f"\n## top {top} by {title}")
        for f, c in counter.most_common(top):
            print(f"{100 * c / max(total, 1):5.1f}%  {f}")


if __name__ == "__main__":
    main()

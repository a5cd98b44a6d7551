#!/usr/bin/env python3
"""Where the time goes in a JFR recording (e.g. from `-prof jfr`): the top frames by self samples, the top
frames by inclusive samples, and the top `io.dropguard` frames by inclusive samples.

Usage: bench/jfr_hot.py profile.jfr [top=25] [package-prefix=io.dropguard.]
Reads the recording with the JDK's `jfr print --json --events jdk.ExecutionSample`.
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
    raw = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    self_count = collections.Counter()
    incl = collections.Counter()
    ours = collections.Counter()
    for e in events:
        fr = frames_of(e)
        if not fr:
            continue
        self_count[fr[0]] += 1
        seen = set(fr)
        for f in seen:
            incl[f] += 1
            if f.startswith(prefix):
                ours[f] += 1
    n = len(events)
    print(f"{n} execution samples")
    for title, counter in (("self", self_count), ("inclusive", incl), (f"inclusive, {prefix}*", ours)):
        print(f"\n## top {top} by {title}")
        for f, c in counter.most_common(top):
            print(f"{100 * c / n:5.1f}%  {f}")


if __name__ == "__main__":
    main()

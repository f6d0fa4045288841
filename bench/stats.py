#!/usr/bin/env python3
"""Summaries for the bench/ scripts (Python 3 standard library only).

  stats.py time LABEL EXTRA FILE...        FILEs written by /usr/bin/time -f '%e %M %U %S'
      -> | LABEL | runs | median wall s (min-max) | median peak RSS MB (min-max) | median user+sys s | load averages | EXTRA |
  stats.py hyperfine LABEL JSON [BYTES]    a hyperfine --export-json file (one command)
      -> | LABEL | runs | median wall ms (min-max) | mean ± stddev | MB/s at the median (min-max) |
"""

import json
import statistics
import sys


def read_time(path):
    with open(path) as f:
        # /usr/bin/time puts "Command exited with non-zero status N" first on failure; the
        # figures are on the last line.
        wall, rss, user, sys_ = f.read().strip().splitlines()[-1].split()
    return float(wall), int(rss), float(user), float(sys_)


def fmt_range(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def cmd_time(label, extra, paths):
    runs = [read_time(p) for p in sorted(paths)]
    walls = [r[0] for r in runs]
    rss_mb = [r[1] / 1024 for r in runs]
    cpu = [r[2] + r[3] for r in runs]
    loads = []
    for p in paths:
        try:
            with open(p[: -len(".time")] + ".load") as f:
                loads.append(f.read().strip())
        except OSError:
            pass
    load = f" | {', '.join(loads)}" if loads else " | "
    print(f"| {label} | {len(runs)} | {fmt_range(walls, lambda v: f'{v:.2f}')} | "
          f"{fmt_range(rss_mb, lambda v: f'{v:.0f}')} | {statistics.median(cpu):.2f}{load} | {extra} |")


def cmd_hyperfine(label, path, nbytes=None):
    with open(path) as f:
        result = json.load(f)["results"][0]
    times = result["times"]
    med, lo, hi = statistics.median(times), min(times), max(times)
    line = (f"| {label} | {len(times)} | {med * 1000:.1f} ({lo * 1000:.1f}–{hi * 1000:.1f}) | "
            f"{result['mean'] * 1000:.1f} ± {result['stddev'] * 1000:.1f} |")
    if nbytes:
        mbps = lambda t: nbytes / t / 1e6
        line += f" {mbps(med):.1f} ({mbps(hi):.1f}–{mbps(lo):.1f}) |"
    else:
        line += " |"
    print(line)


def main(argv):
    if len(argv) >= 4 and argv[1] == "time":
        cmd_time(argv[2], argv[3], argv[4:])
    elif len(argv) in (4, 5) and argv[1] == "hyperfine":
        cmd_hyperfine(argv[2], argv[3], int(argv[4]) if len(argv) == 5 else None)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

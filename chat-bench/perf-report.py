#!/usr/bin/env python3
"""Summarises chat-bench JSON lines: markdown tables (median and range of the repetitions) and a chart.

    python3 chat-bench/perf-report.py docs/perf/results-quiet.jsonl docs/perf            # -> docs/perf/chart.png
    python3 chat-bench/perf-report.py docs/perf/results.jsonl docs/perf chart-loaded.png  # another series

Writes OUTDIR/CHART (default chart.png: deliveries/s, p99 latency and server CPU per delivery, by scenario
and N) and prints the markdown tables that docs/PERFORMANCE.md quotes, then ours against the best peer per
scenario. Labels are "scenario/target/repetition". Only the shared set-up is read (lines without a "setup"
were all shared); for both set-ups side by side: java -cp chat-bench/target/chat-bench.jar
org.netcatchat.bench.summary.Summary --series NAME FILE.
"""
import json
import statistics
import sys
from collections import defaultdict

TARGETS = ["ours", "inspircd", "ngircd"]
NAMES = {"ours": "netcat-chat", "inspircd": "InspIRCd 3.15", "ngircd": "ngIRCd 26.1"}
LOAD = [
    ("s1", "S1 N=10, 10 senders, w8"),
    ("s2", "S2 N=100, 10 senders, 2,000/s"),
    ("s3w8", "S3 N=100, 10 senders, w8"),
    ("s3w64", "S3 N=100, 10 senders, w64"),
    ("s4", "S4 N=1,000, 10 senders, 1,000/s"),
    ("s6batch", "S6 = S1 with --fsync batch"),
    ("s6always", "S6 = S1 with --fsync always"),
]
IDLE = [("s5k1000", "S5 idle K=1,000"), ("s5k10000", "S5 idle K=10,000")]


def load(path):
    runs = defaultdict(list)
    other_setups = 0
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            if r.get("setup") not in (None, "shared"):
                other_setups += 1
                continue
            scenario, target, _ = r["label"].split("/")
            runs[(scenario, target)].append(r)
    if other_setups:
        print("perf-report: left out %d runs of other set-ups than shared" % other_setups, file=sys.stderr)
    return runs


def values(rs, key):
    return [r[key] for r in rs if r.get(key) is not None]


def med(rs, key):
    v = values(rs, key)
    return statistics.median(v) if v else None


def fmt(rs, key, digits=0, scale=1.0):
    v = [x * scale for x in values(rs, key)]
    if not v:
        return "–"
    m = statistics.median(v)
    f = "{:,.%df}" % digits
    if len(v) == 1 or min(v) == max(v):
        return f.format(m)
    return "%s (%s–%s)" % (f.format(m), f.format(min(v)), f.format(max(v)))


def anomalies(rs):
    """Lost only counts in a run that drained; in one that did not, the missing messages were still queued
    when the drain deadline passed: "undelivered", a throughput failure rather than a loss."""
    parts = []
    drained = [r for r in rs if r.get("drained")]
    stuck = [r for r in rs if not r.get("drained")]
    for k in ["lost", "duplicated", "out_of_order", "errors", "disconnects"]:
        v = sum(values(drained, k)) + (0 if k == "lost" else sum(values(stuck, k)))
        if v:
            parts.append("%s %d" % (k.replace("_", " "), v))
    if stuck:
        parts.append("%d of %d runs not drained 10 s after sending stopped (%s deliveries still queued)"
                     % (len(stuck), len(rs), "{:,}".format(sum(values(stuck, "lost")))))
    return ", ".join(parts) if parts else "0"


def tables(runs):
    out = []
    out.append("| scenario | server | runs | deliveries/s | normalised to N receivers | sent/s | p50 ms | p99 ms | p99.9 ms | max ms | server CPU % | CPU µs/delivery | lost/dup/reordered |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for key, title in LOAD:
        for t in TARGETS:
            rs = runs.get((key, t))
            if not rs:
                continue
            out.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                title, NAMES[t], len(rs), fmt(rs, "deliveries_per_s"), fmt(rs, "deliveries_per_s_normalised"),
                fmt(rs, "sent_per_s"), fmt(rs, "latency_p50_ms", 2), fmt(rs, "latency_p99_ms", 2),
                fmt(rs, "latency_p999_ms", 1), fmt(rs, "latency_max_ms", 1), fmt(rs, "server_cpu_pct"),
                fmt(rs, "server_cpu_us_per_delivery", 2), anomalies(rs)))
    out.append("")
    out.append("| scenario | server | runs | RSS before KiB | RSS after KiB | RSS/connection bytes | heap after GC/connection bytes | set-up s | lost/dup/reordered |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for key, title in IDLE:
        for t in TARGETS:
            rs = runs.get((key, t))
            if not rs:
                continue
            out.append("| %s | %s | %d | %s | %s | %s | %s | %s | %s |" % (
                title, NAMES[t], len(rs), fmt(rs, "server_rss_before_kib"), fmt(rs, "server_rss_after_kib"),
                fmt(rs, "rss_per_connection_bytes"), fmt(rs, "heap_per_connection_bytes"), fmt(rs, "setup_s", 1),
                anomalies(rs)))
    return "\n".join(out)


def versus(runs):
    """Ours against the best peer, per scenario, on medians: deliveries/s (higher is better) and p99 (lower)."""
    out = ["| scenario | ours deliveries/s | best peer | ratio | ours p99 ms | best peer p99 ms | ratio (ours/peer) |",
           "|---|---|---|---|---|---|---|"]
    for key, title in LOAD:
        ours = runs.get((key, "ours"))
        peers = [(t, runs[(key, t)]) for t in TARGETS[1:] if (key, t) in runs]
        if not ours or not peers:
            continue
        bt, brs = max(peers, key=lambda p: med(p[1], "deliveries_per_s"))
        lt, lrs = min(peers, key=lambda p: med(p[1], "latency_p99_ms"))
        d, bd = med(ours, "deliveries_per_s"), med(brs, "deliveries_per_s")
        l, bl = med(ours, "latency_p99_ms"), med(lrs, "latency_p99_ms")
        out.append("| %s | {:,.0f} | %s {:,.0f} | %.2f× | %.2f | %s %.2f | %.2f× |".format(d, bd) % (
            title, NAMES[bt], d / bd, l, NAMES[lt], bl, l / bl))
    return "\n".join(out)


def chart(runs, path, series):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [(k, t) for k, t in LOAD if not k.startswith("s6")]
    labels = [t.split(" ", 1)[1].replace(", 10 senders", "").replace(", ", "\n") for _, t in keys]
    fig, axes = plt.subplots(1, 3, figsize=(17, 5.2))
    width = 0.27
    colours = {"ours": "#1f77b4", "inspircd": "#ff7f0e", "ngircd": "#2ca02c"}
    panels = [("deliveries_per_s", "deliveries/s (median; bars: range of 3)", False),
              ("latency_p99_ms", "p99 latency, ms (log)", True),
              ("server_cpu_us_per_delivery", "server CPU µs per delivery (log)", True)]
    for ax, (metric, title, log) in zip(axes, panels):
        for i, t in enumerate(TARGETS):
            xs, ys, lo, hi = [], [], [], []
            for j, (k, _) in enumerate(keys):
                rs = runs.get((k, t))
                v = values(rs or [], metric)
                if not v:
                    continue
                m = statistics.median(v)
                xs.append(j + (i - 1) * width)
                ys.append(m)
                lo.append(m - min(v))
                hi.append(max(v) - m)
            ax.bar(xs, ys, width, yerr=[lo, hi], capsize=3, label=NAMES[t], color=colours[t])
        ax.set_xticks(range(len(keys)))
        ax.set_xticklabels(labels, fontsize=8)
        ax.set_title(title, fontsize=10)
        if log:
            ax.set_yscale("log")
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=9)
    fig.suptitle("chat-bench on one 2-core machine (generator and server share it), loopback: " + series, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        sys.exit(2)
    runs = load(sys.argv[1])
    print(tables(runs))
    print()
    print(versus(runs))
    name = sys.argv[3] if len(sys.argv) == 4 else "chart.png"
    chart(runs, sys.argv[2] + "/" + name, sys.argv[1].rsplit("/", 1)[-1])


if __name__ == "__main__":
    main()

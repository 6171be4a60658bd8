#!/usr/bin/env python3
"""Shared-state and event-bus figures, measured inside a worker of a 2-worker cluster running
io.clusterkit.examples.bench.StateBenchVerticle: event-bus request/reply worker to worker,
counter increments, map puts and gets (1 and 64 in flight), and worker boot times.
Writes docs/state-bench.md.

Usage: python3 bench/state_bench.py [--runs 5] [--boots 5] [--seconds 2] [--ops 200000]
Needs: mvn -DskipTests package (launcher.jar, examples.jar). Traffic goes to 127.0.0.1 only.
"""
import argparse
import datetime
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from benchlib import ROOT, Launcher, command_line, install_cleanup, machine, med, require_jars

VERTICLE = "io.clusterkit.examples.bench.StateBenchVerticle"
DOC = os.path.join(ROOT, "docs", "state-bench.md")

# (key, what, path, parameters): each run measures every one of them, in this order
FIGURES = [
    ("rr1", "event-bus request/reply, worker 0 -> worker 1, 1 in flight", "/bench/rr", {"to": 1, "inflight": 1}),
    ("rr64", "event-bus request/reply, worker 0 -> worker 1, 64 in flight", "/bench/rr", {"to": 1, "inflight": 64}),
    ("counter1", "counter increments, 1 in flight", "/bench/counter", {"inflight": 1}),
    ("counter64", "counter increments, 64 in flight", "/bench/counter", {"inflight": 64}),
    ("put1", "map put, 1 in flight", "/bench/map", {"op": "put", "inflight": 1}),
    ("put64", "map put, 64 in flight", "/bench/map", {"op": "put", "inflight": 64}),
    ("get1", "map get, 1 in flight", "/bench/map", {"op": "get", "inflight": 1}),
    ("get64", "map get, 64 in flight", "/bench/map", {"op": "get", "inflight": 64}),
]
# (figure, what is compared, threshold, higher is better)
TARGETS = [
    ("put64", "opsPerSec", 50_000, True, "map put >= 50k ops/s per worker, 64 in flight"),
    ("get64", "opsPerSec", 50_000, True, "map get >= 50k ops/s per worker, 64 in flight"),
    ("rr1", "p50Us", 150, False, "request/reply p50 <= 150 us"),
]


def call(port, path, params, seconds):
    """One figure from the worker that serves this connection; retried on another connection
    (round-robin: the other worker) when it answers 409, i.e. it is the request's target."""
    url = f"http://127.0.0.1:{port}{path}?{urllib.parse.urlencode(params)}"
    for _ in range(6):
        try:
            with urllib.request.urlopen(url, timeout=seconds + 30) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            if e.code != 409:
                raise RuntimeError(f"{url}: {e.code} {e.read().decode(errors='replace')}")
    raise RuntimeError(f"{url}: every answer was 409")


def boot_figures(launcher, port):
    """Launcher start -> ready, and each worker's fork -> READY and cluster join, in ms."""
    t_ready, _, _ = launcher.wait_for(r"ClusterKit ready")
    ready = [int(m.group(1)) for m in launcher.matches(r"gen 1 pid \d+: STARTING -> READY in (\d+) ms")]
    joined = [(int(m.group(1)), int(m.group(2)))
              for m in launcher.matches(r"joined the cluster in (\d+) ms \(JVM up (\d+) ms\)")]
    return {"start_to_ready_s": t_ready - launcher.t0, "fork_to_ready_ms": ready,
            "join_ms": [j for j, _ in joined], "jvm_up_at_join_ms": [u for _, u in joined]}


def measure(port, args):
    """Warms up, then runs every figure args.runs times, interleaved; per-figure result lists."""
    base = {"n": args.ops, "ms": int(args.seconds * 1000)}
    print(f"warm-up: every figure once, {args.warmup} s each", flush=True)
    for key, _, path, params in FIGURES:
        call(port, path, {**params, "n": args.ops, "ms": int(args.warmup * 1000)}, args.warmup)
    results = {key: [] for key, *_ in FIGURES}
    for run in range(args.runs):
        line = []
        for key, _, path, params in FIGURES:
            r = call(port, path, {**params, **base}, args.seconds)
            if r.get("failed"):
                print(f"  {key}: {r['failed']} operations failed, first: {r['firstError']}")
            results[key].append(r)
            line.append(f"{key} {r['opsPerSec']:.0f}/s p50 {r['p50Us']:.0f}us")
        print(f"run {run + 1}: " + ", ".join(line), flush=True)
    return results


def summary(results, boots):
    rows = []
    for key, what, _, _ in FIGURES:
        rs = results[key]
        ops = [r["opsPerSec"] for r in rs]
        rows.append((key, what, med(ops), med([r["p50Us"] for r in rs]),
                     med([r["p99Us"] for r in rs]), sum(r["failed"] for r in rs),
                     (min(ops), max(ops))))
    boot = {
        "start_to_ready_s": med([b["start_to_ready_s"] for b in boots]),
        "fork_to_ready_ms": med([x for b in boots for x in b["fork_to_ready_ms"]]),
        "join_ms": med([x for b in boots for x in b["join_ms"]]),
        "jvm_up_at_join_ms": med([x for b in boots for x in b["jvm_up_at_join_ms"]]),
    }
    verdicts = []
    for key, field, limit, higher, text in TARGETS:
        v = med([r[field] for r in results[key]])
        ok = v >= limit if higher else v <= limit
        verdicts.append((text, v, "PASS" if ok else "MISS"))
    return rows, boot, verdicts


def print_summary(rows, boot, verdicts, args):
    print()
    print(f"medians of {args.runs} runs ({args.seconds} s or {args.ops} ops each); boots: medians of {args.boots}")
    print(f"  {'figure':<62} {'ops/s':>9} {'p50 us':>8} {'p99 us':>9}")
    for _, what, ops, p50, p99, failed, _ in rows:
        print(f"  {what:<62} {ops:9.0f} {p50:8.0f} {p99:9.0f}" + (f"  ({failed} failed)" if failed else ""))
    print(f"  launcher start -> 'ClusterKit ready'          {boot['start_to_ready_s']:6.2f} s")
    print(f"  worker fork -> READY                          {boot['fork_to_ready_ms']:6.0f} ms")
    print(f"  worker 'joined the cluster in N ms'           {boot['join_ms']:6.0f} ms (JVM up {boot['jvm_up_at_join_ms']:.0f} ms)")
    for text, v, verdict in verdicts:
        print(f"  target {text:<50} {v:9.0f}  {verdict}")


def write_doc(rows, boot, verdicts, args, machine_line, started):
    cmd = command_line("state_bench.py")
    out = [
        "# Shared-state and event-bus figures",
        "",
        f"Written by `{cmd}` on {started:%Y-%m-%d %H:%M} (local time).",
        "Rerun it (after `mvn -B -DskipTests package`) to replace this page.",
        "",
        f"Machine: {machine_line}.",
        "",
    ]
    if args.note:
        out += [f"**{args.note}**", ""]
    out += [
        "A cluster of 2 workers runs `io.clusterkit.examples.bench.StateBenchVerticle`; the launcher is",
        "the only Hazelcast data member, the workers are lite members (the current data layout), all",
        "on 127.0.0.1. Each figure is one bounded loop run inside a worker, on its event loop: at most",
        f"{args.ops:,} operations or {args.seconds} s, whichever comes first, keeping 1 or 64 operations",
        "in flight, each timed with `System.nanoTime()` from the call to its future's completion (every",
        "latency is kept, percentiles are exact). After a warm-up of every figure, each run measures",
        f"every figure once, in order; the table gives the median of {args.runs} runs. Map keys cycle",
        "over 1,000 keys with 64-byte string values; request/reply sends a 64-byte string to the other",
        "worker's echo consumer on the raw clustered event bus. Map and counter figures come from",
        "whichever worker the launcher gave the request to; every map or counter operation is a",
        "round trip from that worker to the launcher, which holds the data.",
        "",
        "| figure | ops/s | ops/s, lowest..highest run | p50 µs | p99 µs |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for _, what, ops, p50, p99, failed, (lo, hi) in rows:
        out.append(f"| {what}{f' ({failed} failed)' if failed else ''} | {ops:,.0f} | {lo:,.0f}..{hi:,.0f} "
                   f"| {p50:,.0f} | {p99:,.0f} |")
    out += [
        "",
        f"Worker boot, median over the 2 workers of {args.boots} cluster starts (both workers start at once):",
        "",
        "| boot figure | median |",
        "| --- | ---: |",
        f"| launcher start -> `ClusterKit ready` (2 workers) | {boot['start_to_ready_s']:.2f} s |",
        f"| worker fork -> READY (the launcher's `STARTING -> READY in N ms`) | {boot['fork_to_ready_ms']:,.0f} ms |",
        f"| worker's own `joined the cluster in N ms` | {boot['join_ms']:,.0f} ms |",
        f"| JVM uptime when it joined | {boot['jvm_up_at_join_ms']:,.0f} ms |",
        "",
        "The worker's own figure runs from its call to build the clustered Vert.x to the join; fork to",
        "READY adds the JVM's start and the verticle's deployment.",
        "",
        "Targets:",
        "",
        "| target | measured | verdict |",
        "| --- | ---: | --- |",
    ]
    for text, v, verdict in verdicts:
        out.append(f"| {text.replace('>=', '≥').replace('<=', '≤').replace(' us', ' µs')} | {v:,.0f} | {verdict} |")
    out.append("")
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of every figure (median)")
    ap.add_argument("--boots", type=int, default=5, help="cluster starts for the boot figures")
    ap.add_argument("--seconds", type=float, default=2, help="time limit of one figure's loop")
    ap.add_argument("--ops", type=int, default=200_000, help="operation limit of one figure's loop")
    ap.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per figure")
    ap.add_argument("--note", default="", help="a line to put at the top of the doc")
    ap.add_argument("--no-doc", action="store_true", help="print only, leave docs/ alone")
    args = ap.parse_args()
    require_jars()
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)

    boots, results = [], None
    for b in range(max(1, args.boots)):
        launcher = Launcher(2, 0, VERTICLE)
        try:
            port = launcher.wait_ready()
            boots.append(boot_figures(launcher, port))
            f = boots[-1]
            print(f"boot {b + 1}: start -> ready {f['start_to_ready_s']:.2f} s, fork -> READY "
                  f"{f['fork_to_ready_ms']} ms, joined {f['join_ms']} ms", flush=True)
            if results is None:
                results = measure(port, args)
        finally:
            launcher.stop()
    rows, boot, verdicts = summary(results, boots)
    print_summary(rows, boot, verdicts, args)
    if not args.no_doc:
        write_doc(rows, boot, verdicts, args, machine_line, started)


if __name__ == "__main__":
    main()

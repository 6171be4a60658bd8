#!/usr/bin/env python3
"""Cluster vs worker threads on the JVM: CPU-heavy requests mixed with cheap ones.

Five systems, each a ClusterKit launcher running io.clusterkit.examples.cpu.HashingVerticle,
are started together, then measured in interleaved rounds (each round runs every system once,
in a new random order). A run is two wrk at once for --duration seconds: --heavy-connections
on GET /hash?cost=C (PBKDF2, C thousand iterations) and --cheap-connections on GET /cheap.
  event-loop  --workers workers hashing on the event loop (the pitfall)
  blocking    --workers workers hashing through executeBlocking (Vert.x's worker pool)
  worker      --workers workers hashing in a worker verticle (one instance per core)
  virtual     --workers workers on a Java 21+ JDK (-java), hashing on virtual threads
  processes   --more-workers workers (default twice the cores) hashing on their event loops
Prints and writes (docs/cpu-bench.md) per system the medians over rounds of heavy req/s,
cheap req/s and the cheap requests' p99, and each against event-loop.

Needs: mvn -DskipTests package, wrk; for virtual, a JDK 21+ (--java, else the newest under
/usr/lib/jvm). Never run it while tests or other benchmarks run.
"""

import argparse
import datetime
import glob
import os
import random
import re
import subprocess

from benchlib import (ROOT, Launcher, Proc, command_line, install_cleanup, machine, med,
                      parse_wrk, require_jars, stop_all)

DOC = os.path.join(ROOT, "docs", "cpu-bench.md")
HASHING = "io.clusterkit.examples.cpu.HashingVerticle"
SYSTEMS = ["event-loop", "blocking", "worker", "virtual", "processes"]


def newest_jdk(minimum):
    """The java of the newest JDK under /usr/lib/jvm whose feature release is >= minimum."""
    best = (0, None)
    for java in glob.glob("/usr/lib/jvm/*/bin/java"):
        out = subprocess.run([java, "-XshowSettings:properties", "-version"],
                             capture_output=True, text=True).stderr
        m = re.search(r"java\.specification\.version = (\d+)", out)
        if m and int(m.group(1)) >= minimum and int(m.group(1)) > best[0]:
            best = (int(m.group(1)), java)
    return best[1]


def start(system, args):
    """Starts one system's launcher; returns it (its port is read when it is ready)."""
    workers = args.more_workers if system == "processes" else args.workers
    mode = "event-loop" if system == "processes" else system
    extra = ["-conf", f'{{"mode":"{mode}"}}']
    if system == "virtual":
        extra += ["-java", args.java]
    return Launcher(workers, verticle=HASHING, extra=extra, name=system)


def wrk(port, path, connections, duration):
    """One wrk run in the background, 1 thread, a long timeout: hashes queue for seconds."""
    return Proc(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency",
                 "--timeout", "60s", f"http://127.0.0.1:{port}{path}"], name="wrk")


def run_mix(port, args, duration):
    """The heavy and the cheap wrk at once; their reports."""
    heavy = wrk(port, f"/hash?cost={args.cost}", args.heavy_connections, duration)
    cheap = wrk(port, "/cheap", args.cheap_connections, duration)
    for p in (heavy, cheap):
        p.proc.wait(duration + 120)
        p.stop()
    return parse_wrk(heavy.output()), parse_wrk(cheap.output())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=15, help="seconds per run")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=None, help="seconds per system first; "
                    "default: 2 x --duration")
    ap.add_argument("--cost", type=int, default=5, help="thousands of PBKDF2 iterations per "
                    "heavy request")
    ap.add_argument("--heavy-connections", type=int, default=8)
    ap.add_argument("--cheap-connections", type=int, default=8)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--more-workers", type=int, default=2 * os.cpu_count())
    ap.add_argument("--java", default=None, help="the Java 21+ of the virtual system")
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--no-doc", action="store_true")
    ap.add_argument("--doc", default=DOC, help="the page to write (default docs/cpu-bench.md)")
    args = ap.parse_args()
    args.warmup = args.warmup if args.warmup is not None else 2 * args.duration
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise SystemExit(f"unknown systems {sorted(unknown)}: choose among {SYSTEMS}")
    require_jars()
    if "virtual" in systems:
        args.java = args.java or newest_jdk(21)
        if not args.java:
            raise SystemExit("no JDK 21+ for the virtual system: give --java, or leave it out "
                             "with --systems")
    install_cleanup()
    began = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    runs = {s: [] for s in systems}
    try:
        launchers = {s: start(s, args) for s in systems}
        ports = {s: launchers[s].wait_ready() for s in systems}
        for s in systems:
            if args.warmup > 0:
                print(f"warming {s} for {args.warmup} s", flush=True)
                run_mix(ports[s], args, args.warmup)
        for r in range(args.rounds):
            order = random.sample(systems, len(systems))
            for s in order:
                heavy, cheap = run_mix(ports[s], args, args.duration)
                runs[s].append((heavy, cheap))
                print(f"round {r + 1} {s:10}: heavy {heavy['rps']:8.1f} req/s, cheap "
                      f"{cheap['rps']:9.1f} req/s, cheap p99 {cheap['p99_ms']:8.1f} ms, "
                      f"failed {heavy['failed'] + cheap['failed']}", flush=True)
    finally:
        stop_all()

    rows = {}
    for s in systems:
        rows[s] = {"heavy": med([h["rps"] for h, _ in runs[s]]),
                   "cheap": med([c["rps"] for _, c in runs[s]]),
                   "p99": med([c["p99_ms"] for _, c in runs[s]]),
                   "failed": sum(h["failed"] + c["failed"] for h, c in runs[s])}
    base = rows.get("event-loop")
    print(f"{'system':10} {'heavy/s':>9} {'cheap/s':>10} {'cheap p99 ms':>13} {'failed':>7}")
    for s in systems:
        r = rows[s]
        print(f"{s:10} {r['heavy']:9.1f} {r['cheap']:10.1f} {r['p99']:13.1f} {r['failed']:7}")
    if args.no_doc:
        return

    def ratio(value, of):
        return f"{value / of:.2f}x" if base and of and of == of else "-"

    workers_of = {s: args.more_workers if s == "processes" else args.workers for s in systems}
    lines = [
        "# Cluster vs worker threads: CPU-heavy requests beside cheap ones",
        "",
        f"Written by `{command_line('cpu_bench.py')}` on {began:%Y-%m-%d %H:%M} (local time); "
        "rerun it (after `mvn -B -DskipTests package`) to replace this page.",
        "",
        f"Machine: {machine_line}. Virtual threads on: {args.java or 'not run'}.",
        "",
        f"`io.clusterkit.examples.cpu.HashingVerticle`: each system is a launcher with its "
        f"workers, all started together and measured one at a time. A run is two `wrk -t1` at "
        f"once for {args.duration} s: {args.heavy_connections} connections on "
        f"`GET /hash?cost={args.cost}` (PBKDF2-HMAC-SHA256, {args.cost * 1000:,} iterations) and "
        f"{args.cheap_connections} on `GET /cheap`. {args.rounds} rounds, each system once per "
        "round in a random order, after a warm-up of "
        f"{args.warmup} s each; medians over the rounds.",
        "",
        "| system | workers | heavy req/s | cheap req/s | cheap p99 ms | failed | heavy vs event-loop "
        "| cheap p99 vs event-loop |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in systems:
        r = rows[s]
        lines.append(f"| {s} | {workers_of[s]} | {r['heavy']:,.1f} | {r['cheap']:,.1f} | "
                     f"{r['p99']:,.1f} | {r['failed']} | "
                     f"{ratio(r['heavy'], base['heavy']) if base else '-'} | "
                     f"{ratio(r['p99'], base['p99']) if base else '-'} |")
    lines += [
        "",
        "How to read it: `heavy req/s` is the hashing throughput, bounded by the cores whatever "
        "the threading; `cheap p99` is what the hashing does to everyone else. On the event "
        "loop a cheap request waits behind every hash queued on its loop; off the loop "
        "(`blocking`, `worker`, `virtual`) the loop stays free and only competes for CPU; more "
        "processes than cores let the kernel's scheduler time-slice the hashes, at a JVM's "
        "memory each.",
        "",
    ]
    with open(args.doc, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Launcher figures: launcher start to all READY, kill -9 to replacement READY and RSS, with the
workers' class-data sharing archive and without it (-no-cds), in interleaved pairs; then
requests/s through the launcher vs one plain JVM running HelloVerticle. Writes
docs/launcher-bench.md.

Usage: python3 bench/launcher_bench.py [--runs 5] [--duration 5] [--connections 64]
       [--client-addresses 64] [--no-doc]
Needs: mvn -DskipTests package (launcher.jar, examples.jar) and wrk (apt-get install wrk).
Traffic goes to 127.0.0.1 only. Prints medians and ratios; machines here are noisy.
"""
import argparse
import datetime
import os
import signal
import tempfile
import time

from benchlib import (ROOT, Launcher, client_addresses, command_line, free_port, install_cleanup,
                      machine, med, require_jars, rss_mb, start_plain, wrk)

DOC = os.path.join(ROOT, "docs", "launcher-bench.md")
VARIANTS = ("no-cds", "cds")


def boot_once(variant, env):
    """Starts 2 workers, kills one with SIGKILL, waits for its replacement; returns figures."""
    extra = ["-no-cds"] if variant == "no-cds" else []
    launcher = Launcher(2, free_port(), extra=extra, env=env, name=f"clusterkit {variant}")
    try:
        t_ready, _, i = launcher.wait_for(r"ClusterKit ready")
        boot = t_ready - launcher.t0
        time.sleep(2)  # let the JVMs settle before reading idle RSS (a measurement, not a sync)
        rss_launcher = rss_mb(launcher.proc.pid)
        pids = launcher.worker_pids()
        rss_worker = rss_mb(pids[0])
        t_kill = time.monotonic()
        os.kill(pids[1], signal.SIGKILL)
        t_back, _, _ = launcher.wait_for(r"slot 1 gen 2 pid \d+: STARTING -> READY", start=i)
        recorded = bool(launcher.matches(r"will record the class archive"))
    finally:
        launcher.stop()
    return {"boot": boot, "replace": t_back - t_kill, "rss_launcher": rss_launcher,
            "rss_worker": rss_worker, "recorded": recorded}


def boots(args, env):
    """Interleaved pairs (no-cds, cds) on one archive directory, recorded once beforehand."""
    first = boot_once("cds", env)  # records the archive: not a figure
    print(f"archive recorded by the first launch (its boot {first['boot']:.2f} s, recorded "
          f"{first['recorded']})", flush=True)
    runs = {v: [] for v in VARIANTS}
    for run in range(args.runs):
        for variant in VARIANTS:
            r = boot_once(variant, env)
            runs[variant].append(r)
            print(f"run {run + 1} {variant:<6}: start->all READY {r['boot']:.2f}s, kill -9 -> "
                  f"replacement READY {r['replace']:.2f}s, RSS launcher {r['rss_launcher']:.0f} MB, "
                  f"worker {r['rss_worker']:.0f} MB" + (" (recorded an archive)" if r["recorded"] else ""),
                  flush=True)
    return runs


def with_free_port(start, attempts=3):
    """start(port) on a free port; another port when that one was taken meanwhile (wrk's client
    sockets, bound to 127.0.0.x by bench/clientaddr, can take a port free_port() just gave)."""
    for attempt in range(attempts):
        port = free_port()
        try:
            return port, start(port)
        except RuntimeError as e:
            if attempt == attempts - 1 or "already in use" not in str(e):
                raise
            print(f"  port {port} was taken meanwhile; another one", flush=True)


def started_launcher(port, env):
    launcher = Launcher(2, port, env=env)
    try:
        launcher.wait_for(r"ClusterKit ready")
    except RuntimeError:
        launcher.stop()
        raise
    return launcher


def throughput(args, env):
    results = {}
    for mode in ("keep-alive", "close"):
        plain_r, ck_r, plain_p99, ck_p99, ratios = [], [], [], [], []
        for pair in range(args.runs):
            port, plain = with_free_port(start_plain)
            try:
                wrk(port, 5, args.connections, mode == "close")  # warm-up: JIT of the accept path
                r, p, e, n = wrk(port, args.duration, args.connections, mode == "close")
            finally:
                plain.stop()
            plain_r.append(r)
            plain_p99.append(p)
            port, launcher = with_free_port(lambda p: started_launcher(p, env))
            try:
                wrk(port, 5, args.connections, mode == "close")
                r2, p2, e2, n2 = wrk(port, args.duration, args.connections, mode == "close")
            finally:
                launcher.stop()
            ck_r.append(r2)
            ck_p99.append(p2)
            ratios.append(r2 / r)
            print(f"{mode} pair {pair + 1}: plain {r:.0f} req/s (p99 {p:.1f} ms, errors {e}), "
                  f"clusterkit {r2:.0f} req/s (p99 {p2:.1f} ms, errors {e2}, non-2xx {n2}), "
                  f"ratio {r2 / r:.2f}", flush=True)
        results[mode] = (med(plain_r), med(plain_p99), med(ck_r), med(ck_p99), med(ratios))
    return results


def boot_rows(runs):
    rows = []
    for key, label, unit, fmt in (("boot", "launcher start -> all READY (2 workers)", "s", ".2f"),
                                  ("replace", "`kill -9` of a worker -> replacement READY", "s", ".2f"),
                                  ("rss_launcher", "RSS of the launcher", "MB", ".0f"),
                                  ("rss_worker", "RSS of an idle worker", "MB", ".0f")):
        a = med([r[key] for r in runs["no-cds"]])
        b = med([r[key] for r in runs["cds"]])
        ratio = med([y[key] / x[key] for x, y in zip(runs["no-cds"], runs["cds"])])
        rows.append((label, f"{a:{fmt}} {unit}", f"{b:{fmt}} {unit}", f"{ratio:.2f}x"))
    return rows


def write_doc(args, runs, results, machine_line, started):
    minutes = (datetime.datetime.now() - started).seconds / 60
    out = ["# Launcher figures", "",
           f"Written by `{command_line('launcher_bench.py')}` on {started:%Y-%m-%d %H:%M} (local time); "
           "rerun it (after `mvn -B -DskipTests package`) to replace this page.", "",
           f"Machine: {machine_line}. The run took {minutes:.0f} min.", "",
           "## Boot, replacement and memory: with and without the class archive", "",
           f"Medians of {args.runs} interleaved pairs (a launch with `-no-cds`, then one with the class-data "
           "sharing archive, recorded once before the pairs by a first launch on the same archive "
           "directory); the ratio is the median of the per-pair ratios (archive / no archive). "
           "2 workers of `HelloVerticle`, idle.", "",
           "| figure | `-no-cds` | class archive | ratio |", "| --- | ---: | ---: | ---: |"]
    for label, a, b, ratio in boot_rows(runs):
        out.append(f"| {label} | {a} | {b} | {ratio} |")
    out += ["", "## Requests through the launcher vs one plain JVM", "",
            f"Medians of {args.runs} interleaved pairs, each after a 5 s warm-up, `wrk -t1 -c{args.connections} "
            f"-d{args.duration}s`, " + (f"its connections from {args.client_addresses} client addresses (127.0.0.2 and "
            "up, in turn: `bench/clientaddr`, an LD_PRELOAD shim that binds each socket before its connect)"
            if args.client_addresses > 0 else "from 127.0.0.1") + ". The plain JVM is `StandaloneHello` (HelloVerticle on one "
            "non-clustered JVM, 2 event loops); ClusterKit runs 2 workers with its defaults (round-robin, "
            "socket hand-off on Linux). The comparison of every strategy with Node's cluster module is "
            "[router-bench.md](router-bench.md). Each system here is started for its pair and measured after "
            "only 5 s of warm-up, so a fresh cluster (JIT, heap still growing from `-Xms32m`) is compared; "
            "router-bench.md measures each system after 30 s of warm-up per load and shows the steady state.", "",
            "| load | plain req/s | p99 ms | ClusterKit req/s | p99 ms | ratio |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for mode, (pr, pp, cr, cp, ratio) in results.items():
        out.append(f"| {mode} | {pr:,.0f} | {pp:.1f} | {cr:,.0f} | {cp:.1f} | {ratio:.2f}x |")
    out += ["", "## Method", "",
            "- Boot: from starting `java -jar launcher.jar -workers 2` to its `ClusterKit ready` line; "
            "replacement: from SIGKILL of slot 1's worker to the launcher's `slot 1 gen 2 ... STARTING -> "
            "READY` line. RSS is read from `/proc` 2 s after ready.",
            "- A worker's boot is mostly its JVM start and class loading (Vert.x, Netty, Hazelcast) and "
            "its Hazelcast join as a lite member of the launcher's cluster; the archive saves the first.",
            "- Nothing is pinned: wrk, the launcher and its workers share the machine's cores.", ""]
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--client-addresses", type=int, default=64,
                    help="wrk connects from this many 127.0.0.x addresses (bench/clientaddr); 0: 127.0.0.1 only")
    ap.add_argument("--no-doc", action="store_true", help="print only, leave docs/ alone")
    args = ap.parse_args()
    require_jars()
    install_cleanup()
    client_addresses(args.client_addresses)
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)

    # the launchers' admin files and class archives go to temp directories, not ~/.clusterkit
    env = {"CLUSTERKIT_RUN_DIR": tempfile.mkdtemp(prefix="ck-run"),
           "CLUSTERKIT_CDS_DIR": os.path.join(tempfile.mkdtemp(prefix="ck-cds"), "cds")}
    runs = boots(args, env)
    results = throughput(args, env)

    print()
    print(f"medians of {args.runs}, 2 workers")
    print(f"  {'figure':<45} {'-no-cds':>10} {'archive':>10} {'ratio':>7}")
    for label, a, b, ratio in boot_rows(runs):
        print(f"  {label:<45} {a:>10} {b:>10} {ratio:>7}")
    print(f"  {'load':<11} {'plain req/s':>12} {'p99 ms':>7} {'clusterkit req/s':>17} {'p99 ms':>7} {'ratio':>6}")
    for mode, (pr, pp, cr, cp, ratio) in results.items():
        print(f"  {mode:<11} {pr:12.0f} {pp:7.1f} {cr:17.0f} {cp:7.1f} {ratio:6.2f}")
    if not args.no_doc:
        write_doc(args, runs, results, machine_line, started)


if __name__ == "__main__":
    main()

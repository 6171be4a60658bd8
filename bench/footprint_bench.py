#!/usr/bin/env python3
"""Footprint of an idle worker JVM, one setting at a time: PSS and RSS of the worker
(/proc/PID/smaps_rollup) and of the launcher, the launcher start to READY, and keep-alive req/s
through the launcher, for each candidate worker flag set against the workers' defaults. Every
round runs each candidate once, in the same order, beside the defaults run of the same round;
ratios pair a candidate with that round's defaults. Writes docs/footprint-bench.md.

Usage: python3 bench/footprint_bench.py [--rounds 3] [--duration 5] [--connections 32]
       [--candidates serial-gc,...] [--no-doc]
(3 rounds of every candidate take about 25 minutes on 2 cores; `--rounds 1 --candidates
serial-gc --duration 2` about 50 s)
Needs: mvn -DskipTests package (launcher.jar, examples.jar) and wrk. Traffic goes to 127.0.0.1
only. Prints medians; machines here are noisy.
"""
import argparse
import datetime
import os
import tempfile
import time

from benchlib import (ROOT, Launcher, command_line, install_cleanup, machine, med, require_jars,
                      rss_mb, stop_all, wrk_report)

DOC = os.path.join(ROOT, "docs", "footprint-bench.md")

# name -> worker flags given with -worker-opts (the workers' defaults stay under them)
CANDIDATES = {
    "defaults": [],
    # the workers' default is the serial collector for heaps up to 512 MB (WorkerFootprint): G1
    # against it; on a build before it, "serial-gc" measured the other way round
    "g1-gc": ["-XX:+UseG1GC"],
    "serial-gc": ["-XX:+UseSerialGC"],
    "code-cache-48m": ["-XX:ReservedCodeCacheSize=48m"],
    "ci-compilers-2": ["-XX:CICompilerCount=2"],
    "xss-512k": ["-Xss512k"],
    "netty-arenas-1": ["-Dio.netty.allocator.numDirectArenas=1",
                       "-Dio.netty.allocator.numHeapArenas=1"],
    "hazelcast-threads-1": ["-Dhazelcast.operation.thread.count=1",
                            "-Dhazelcast.operation.generic.thread.count=1",
                            "-Dhazelcast.io.thread.count=1",
                            "-Dhazelcast.event.thread.count=1"],
    "metaspace-class-64m": ["-XX:CompressedClassSpaceSize=64m"],
    "tiered-stop-1": ["-XX:TieredStopAtLevel=1"],
    # the JDK maps its class-data archives at a random address by default and then rewrites their
    # pointers, which makes every page written private to the JVM; at the archive's own base
    # address they stay shared page cache (at the cost of that address being known)
    "archive-fixed-address": ["-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"],
}


def smaps(pid):
    """(PSS, RSS) of pid in MB, from /proc/PID/smaps_rollup."""
    pss = rss = float("nan")
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024.0
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return pss, rss


def run_once(name, args, env):
    opts = " ".join(CANDIDATES[name])
    extra = ["-spares", "0"] + (["-worker-opts", opts] if opts else [])
    launcher = Launcher(1, 0, extra=extra, env=env, name=f"clusterkit {name}")
    try:
        t_ready, m, _ = launcher.wait_for(r"ClusterKit ready: .* serving on port (\d+)", 180)
        boot = t_ready - launcher.t0
        port = int(m.group(1))
        launcher.remember_children()
        time.sleep(args.settle)  # idle: let the JVMs settle before reading memory (not a sync)
        worker = launcher.worker_pids()[0]
        w_pss, w_rss = smaps(worker)
        l_pss, l_rss = smaps(launcher.proc.pid)
        rps = wrk_report(port, args.duration, args.connections, False)["rps"]
        return {"boot_s": boot, "worker_pss": w_pss, "worker_rss": w_rss, "launcher_pss": l_pss,
                "launcher_rss": l_rss, "rps": rps}
    finally:
        launcher.stop()


def main():
    import argparse as _a  # noqa: F401 (keeps the import list short above)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5, help="seconds of wrk per run")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--settle", type=int, default=3)
    ap.add_argument("--candidates", default=",".join(n for n in CANDIDATES if n != "defaults"))
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args()
    names = ["defaults"] + [n for n in args.candidates.split(",") if n and n != "defaults"]
    for n in names:
        if n not in CANDIDATES:
            raise SystemExit(f"unknown candidate {n}; known: {', '.join(CANDIDATES)}")
    require_jars()
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    env = {"CLUSTERKIT_RUN_DIR": tempfile.mkdtemp(prefix="ck-run"),
           "CLUSTERKIT_CDS_DIR": os.path.join(tempfile.mkdtemp(prefix="ck-cds"), "cds")}
    runs = {n: [] for n in names}
    try:
        run_once("defaults", args, env)  # records the class archive (its dump inflates memory): not a figure
        for rnd in range(args.rounds):
            for name in names:
                r = run_once(name, args, env)
                runs[name].append(r)
                print(f"round {rnd + 1} {name}: worker PSS {r['worker_pss']:.1f} MB RSS "
                      f"{r['worker_rss']:.1f} MB, launcher PSS {r['launcher_pss']:.1f} MB, boot "
                      f"{r['boot_s']:.2f} s, {r['rps']:.0f} req/s", flush=True)
    finally:
        stop_all()
    rows = []
    for name in names:
        rs = runs[name]
        base = runs["defaults"]
        pairs = list(zip(rs, base))
        rows.append({"name": name, "flags": " ".join(CANDIDATES[name]) or "(the defaults)",
                     "worker_pss": med([r["worker_pss"] for r in rs]),
                     "worker_rss": med([r["worker_rss"] for r in rs]),
                     "pss_saved": med([b["worker_pss"] - r["worker_pss"] for r, b in pairs]),
                     "rps_ratio": med([r["rps"] / b["rps"] for r, b in pairs]),
                     "boot_ratio": med([r["boot_s"] / b["boot_s"] for r, b in pairs]),
                     "launcher_pss": med([r["launcher_pss"] for r in rs]),
                     "launcher_rss": med([r["launcher_rss"] for r in rs])})
    print()
    for r in rows:
        print(f"{r['name']:>20}: worker PSS {r['worker_pss']:.1f} MB (saves {r['pss_saved']:.1f}), "
              f"RSS {r['worker_rss']:.1f}; req/s x{r['rps_ratio']:.2f}; boot x{r['boot_ratio']:.2f}")
    if args.no_doc:
        return
    minutes = (datetime.datetime.now() - started).seconds / 60
    out = ["# Worker footprint, one setting at a time", "",
           f"Written by `{command_line('footprint_bench.py')}` on {started:%Y-%m-%d %H:%M} (local time), "
           f"{minutes:.0f} min; rerun it (after `mvn -B -DskipTests package`) to replace this page.", "",
           f"Machine: {machine_line}.", ""]
    if args.rounds < 3:
        out += [f"**Only {args.rounds} round(s): indicative, not figures to quote.**", ""]
    out += ["1 worker (`-spares 0`), hello world, idle for "
            f"{args.settle} s after READY: PSS and RSS of the worker from `/proc/PID/smaps_rollup`; then "
            f"`wrk -t1 -c{args.connections}` keep-alive for {args.duration} s through the launcher. "
            "Each candidate's flags are given with `-worker-opts` over the workers' defaults; savings and "
            "ratios pair it with the defaults' run of the same round (medians over rounds).", "",
            "| candidate | worker flags | worker PSS MB | PSS saved MB | worker RSS MB | req/s x defaults "
            "| boot x defaults |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    out += [f"| {r['name']} | `{r['flags']}` | {r['worker_pss']:.1f} | {r['pss_saved']:.1f} | "
            f"{r['worker_rss']:.1f} | {r['rps_ratio']:.2f} | {r['boot_ratio']:.2f} |" for r in rows]
    out += ["", f"Launcher (`java -Xmx256m -jar launcher.jar`, 1 worker): PSS "
            f"{rows[0]['launcher_pss']:.0f} MB, RSS {rows[0]['launcher_rss']:.0f} MB.", ""]
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Where a worker's boot goes, per JDK and class-data variant: launcher start -> all READY for 2
workers, the boot phases the workers report (jvm, vertx, join, deploy, report), kill -9 ->
replacement READY with -spares 0, and the PSS and RSS of an idle worker and of the launcher
(/proc/PID/smaps_rollup). Variants, interleaved round by round: Java 17 without archive (-no-cds),
Java 17 with its dynamic AppCDS archive, Java 25 without (-no-cds), Java 25 with its AOT cache.
Each variant has an archive directory of its own, prepared by one launch beforehand (it records
the archive, or trains the AOT cache, written when that launch stops). Writes docs/boot-bench.md.

Usage: python3 bench/boot_bench.py [--rounds 5] [--variants j17-none,j17-appcds,j25-none,j25-aot]
       [--java25 /usr/lib/jvm/temurin-25-jdk-amd64] [--no-doc]
Needs: mvn -DskipTests package (launcher.jar, examples.jar) and a JDK 25 for the j25 variants.
Traffic goes to 127.0.0.1 only. Prints medians and ratios; machines here are noisy.
"""
import argparse
import datetime
import os
import re
import signal
import tempfile
import time

from benchlib import (EXAMPLES, HELLO, LAUNCHER, ROOT, Proc, command_line, free_port,
                      install_cleanup, machine, med, require_jars)

DOC = os.path.join(ROOT, "docs", "boot-bench.md")
VARIANTS = ("j17-none", "j17-appcds", "j25-none", "j25-aot")
PHASES = ("jvm", "vertx", "join", "deploy", "report")
BOOTED = re.compile(r"slot (\d+) gen 1 pid (\d+) - booted in (\d+) ms = jvm (\d+) \+ vertx (\d+)"
                    r" \+ join (\d+) \+ deploy (\d+)(?: \(archive \d+\))?(?: \+ report (\d+))?")


def launcher(variant, args, cds_dir, grace):
    flags = ["-workers", "2", "-spares", "0", "-port", str(free_port()), "-host", "127.0.0.1",
             "-grace", str(grace)]
    if variant.startswith("j25"):
        flags += ["-java", args.java25]
    if variant.endswith("none"):
        flags.append("-no-cds")
    return Proc(["java", "-Xmx256m", "-jar", LAUNCHER, *flags, "-cp", EXAMPLES, HELLO],
                env={"CLUSTERKIT_CDS_DIR": cds_dir}, name=f"clusterkit {variant}")


def memory_mb(pid):
    """(PSS, RSS) in MB from /proc/PID/smaps_rollup."""
    figures = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] in ("Rss:", "Pss:"):
                figures[parts[0]] = int(parts[1]) / 1024
    return figures.get("Pss:", float("nan")), figures.get("Rss:", float("nan"))


def prepare(variant, args, cds_dir):
    """One launch that records the archive or trains the AOT cache; stopped with a long grace,
    since an AOT cache is written when its training worker exits."""
    if variant.endswith("none"):
        return
    l = launcher(variant, args, cds_dir, 120)
    try:
        l.wait_for(r"ClusterKit ready", timeout=240)
    finally:
        l.stop(grace=180)
    kept = [f for f in os.listdir(cds_dir) if f.endswith((".jsa", ".aot"))]
    print(f"{variant}: prepared {kept}", flush=True)


def round_once(variant, args, cds_dir):
    l = launcher(variant, args, cds_dir, 5)
    try:
        t_ready, _, i = l.wait_for(r"ClusterKit ready", timeout=240)
        start = t_ready - l.t0
        booted = {}
        for m in l.matches(BOOTED.pattern):
            booted[int(m.group(1))] = m
        time.sleep(2)  # let the JVMs settle before reading idle memory (a measurement, not a sync)
        worker_pid = int(booted[0].group(2))
        pss_w, rss_w = memory_mb(worker_pid)
        pss_l, rss_l = memory_mb(l.pid)
        t_kill = time.monotonic()
        os.kill(int(booted[1].group(2)), signal.SIGKILL)
        t_back, _, _ = l.wait_for(r"slot 1 gen 2 pid \d+: STARTING -> READY", timeout=240,
                                  start=i)
    finally:
        l.stop()
    phases = {p: med([float(m.group(4 + k) or "nan") for m in booted.values()])
              for k, p in enumerate(PHASES)}
    phases["total"] = med([float(m.group(3)) for m in booted.values()])
    return {"start": start, "replace": t_back - t_kill, "pss_worker": pss_w, "rss_worker": rss_w,
            "pss_launcher": pss_l, "rss_launcher": rss_l, **phases}


def write_doc(args, runs, machine_line, started):
    minutes = (datetime.datetime.now() - started).seconds / 60
    base = runs.get("j17-none")
    rows = [("launcher start -> all READY (2 workers)", "start", "s", ".2f", True),
            ("`kill -9` -> replacement READY (-spares 0)", "replace", "s", ".2f", True)]
    rows += [(f"boot phase `{p}` (median of the 2 workers)", p, "ms", ".0f", False)
             for p in PHASES + ("total",)]
    rows += [("idle worker PSS", "pss_worker", "MB", ".0f", False),
             ("idle worker RSS", "rss_worker", "MB", ".0f", False),
             ("launcher PSS", "pss_launcher", "MB", ".0f", False),
             ("launcher RSS", "rss_launcher", "MB", ".0f", False)]
    names = list(runs)
    out = ["# Boot benchmark: where a worker's boot goes, per JDK and class-data variant", "",
           f"Written by `{command_line('boot_bench.py')}` on {started:%Y-%m-%d %H:%M} (local "
           f"time); {minutes:.0f} minutes. Machine: {machine_line}.", "",
           f"Medians of {args.rounds} interleaved rounds. Ratios are against Java 17 without "
           "archive, round by round.", "",
           "| figure | " + " | ".join(names) + " |",
           "| --- |" + " ---: |" * len(names)]
    for label, key, unit, fmt, ratio in rows:
        cells = []
        for name in names:
            value = med([r[key] for r in runs[name]])
            cell = f"{value:{fmt}} {unit}"
            if ratio and base and name != "j17-none":
                cell += f" ({med([y[key] / x[key] for x, y in zip(base, runs[name])]):.2f}x)"
            cells.append(cell)
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += ["", "Java 25 with a dynamic AppCDS archive is not a variant: Temurin 25.0.3 crashes "
            "(SIGSEGV in LambdaProxyClassDictionary) right after writing one, and the launcher "
            "gives Java 25 workers the AOT cache instead.", ""]
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {DOC}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--java25", default="/usr/lib/jvm/temurin-25-jdk-amd64")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or args.rounds < 1:
        parser.error(f"variants are {', '.join(VARIANTS)}; rounds >= 1")
    require_jars()
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    with tempfile.TemporaryDirectory(prefix="boot-bench-") as tmp:
        dirs = {}
        for v in variants:
            dirs[v] = os.path.join(tmp, v)
            os.makedirs(dirs[v], mode=0o700)
            prepare(v, args, dirs[v])
        runs = {v: [] for v in variants}
        for n in range(args.rounds):
            for v in variants:
                r = round_once(v, args, dirs[v])
                runs[v].append(r)
                print(f"round {n + 1} {v:<10}: start->READY {r['start']:.2f}s, kill -9->READY "
                      f"{r['replace']:.2f}s, phases " + " ".join(
                          f"{p} {r[p]:.0f}" for p in PHASES + ("total",)) +
                      f", worker PSS {r['pss_worker']:.0f} MB RSS {r['rss_worker']:.0f} MB, "
                      f"launcher PSS {r['pss_launcher']:.0f} MB RSS {r['rss_launcher']:.0f} MB",
                      flush=True)
    if not args.no_doc:
        write_doc(args, runs, machine_line, started)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""What the stall limits of serve() cost: a 2-worker hello cluster with its defaults (head
timeout 60 s, keep-alive timeout 75 s, request timeout 300 s, 10,000 connections per worker)
against the same cluster with them all off (0), side by side, with wrk on keep-alive and on
Connection: close. Interleaved pairs, medians. Prints only; run it on an idle machine.

Needs: mvn -DskipTests package (launcher.jar, examples.jar) and wrk (apt-get install wrk).
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (Launcher, free_port, install_cleanup, machine, med, require_jars,  # noqa: E402
                      wrk)

OFF = ("-header-timeout", "0", "-keepalive-timeout", "0", "-request-timeout", "0",
       "-max-connections", "0")


def run_one(extra, mode, args, env):
    port = free_port()
    launcher = Launcher(2, port, extra=extra, env=env)
    try:
        launcher.wait_for(r"ClusterKit ready")
        close = mode == "close"
        wrk(port, 5, args.connections, close)  # warm-up: JIT of both paths
        return wrk(port, args.duration, args.connections, close)
    finally:
        launcher.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    require_jars()
    install_cleanup()
    print(machine(), flush=True)
    env = {"CLUSTERKIT_RUN_DIR": tempfile.mkdtemp(prefix="ck-run"),
           "CLUSTERKIT_CDS_DIR": os.path.join(tempfile.mkdtemp(prefix="ck-cds"), "cds")}
    rows = []
    for mode in ("keep-alive", "close"):
        on, off, on_p99, off_p99, ratios = [], [], [], [], []
        for pair in range(args.runs):
            r_off, p_off, e_off, _ = run_one(OFF, mode, args, env)
            r_on, p_on, e_on, _ = run_one((), mode, args, env)
            off.append(r_off)
            on.append(r_on)
            off_p99.append(p_off)
            on_p99.append(p_on)
            ratios.append(r_on / r_off)
            print(f"{mode} pair {pair + 1}: limits off {r_off:.0f} req/s (p99 {p_off:.1f} ms, "
                  f"errors {e_off}), defaults {r_on:.0f} req/s (p99 {p_on:.1f} ms, errors {e_on}), "
                  f"ratio {r_on / r_off:.3f}", flush=True)
        rows.append((mode, med(off), med(off_p99), med(on), med(on_p99), med(ratios)))
    print()
    print(f"medians of {args.runs} interleaved pairs, 2 workers, wrk -t1 -c{args.connections} "
          f"-d{args.duration}s")
    print(f"  {'load':<11} {'off req/s':>10} {'p99 ms':>7} {'defaults req/s':>15} {'p99 ms':>7} "
          f"{'ratio':>6}")
    for mode, r_off, p_off, r_on, p_on, ratio in rows:
        print(f"  {mode:<11} {r_off:10.0f} {p_off:7.1f} {r_on:15.0f} {p_on:7.1f} {ratio:6.3f}")


if __name__ == "__main__":
    main()

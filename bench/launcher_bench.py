#!/usr/bin/env python3
"""Launcher figures: start to all READY, kill -9 to replacement READY, RSS, and requests/s
through the launcher vs one plain JVM running HelloVerticle, in one run, interleaved.

Usage: python3 bench/launcher_bench.py [--runs 5] [--duration 5] [--connections 64]
Needs: mvn -DskipTests package (launcher.jar, examples.jar) and wrk (apt-get install wrk).
Traffic goes to 127.0.0.1 only. Prints medians and ratios; machines here are noisy.
"""
import argparse
import os
import signal
import time

from benchlib import Launcher, free_port, install_cleanup, med, require_jars, rss_mb, start_plain, wrk


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    require_jars()
    install_cleanup()

    boot, replace, rss_launcher, rss_worker = [], [], [], []
    for run in range(args.runs):
        launcher = Launcher(2, free_port())
        try:
            t_ready, _, i = launcher.wait_for(r"ClusterKit ready")
            boot.append(t_ready - launcher.t0)
            time.sleep(2)  # let the JVMs settle before reading idle RSS (a measurement, not a sync)
            rss_launcher.append(rss_mb(launcher.proc.pid))
            pids = launcher.worker_pids()
            rss_worker.append(rss_mb(pids[0]))
            t_kill = time.monotonic()
            os.kill(pids[1], signal.SIGKILL)
            t_back, _, _ = launcher.wait_for(r"slot 1 gen 2 pid \d+: STARTING -> READY", start=i)
            replace.append(t_back - t_kill)
        finally:
            launcher.stop()
        print(f"run {run + 1}: start->all READY {boot[-1]:.2f}s, kill -9 -> replacement READY "
              f"{replace[-1]:.2f}s, RSS launcher {rss_launcher[-1]:.0f} MB, worker {rss_worker[-1]:.0f} MB",
              flush=True)

    results = {}
    for mode in ("keep-alive", "close"):
        plain_r, ck_r, plain_p99, ck_p99, ratios = [], [], [], [], []
        for pair in range(args.runs):
            port = free_port()
            plain = start_plain(port)
            try:
                wrk(port, 5, args.connections, mode == "close")  # warm-up: JIT of the accept path
                r, p, e, n = wrk(port, args.duration, args.connections, mode == "close")
            finally:
                plain.stop()
            plain_r.append(r)
            plain_p99.append(p)
            port = free_port()
            launcher = Launcher(2, port)
            try:
                launcher.wait_for(r"ClusterKit ready")
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

    print()
    print(f"medians of {args.runs}, 2 workers, wrk -t1 -c{args.connections} -d{args.duration}s on 127.0.0.1")
    print(f"  launcher start -> all READY      {med(boot):6.2f} s")
    print(f"  kill -9 worker -> replacement READY {med(replace):6.2f} s")
    print(f"  RSS launcher                     {med(rss_launcher):6.0f} MB")
    print(f"  RSS idle worker                  {med(rss_worker):6.0f} MB")
    print(f"  {'mode':<11} {'plain req/s':>12} {'p99 ms':>7} {'clusterkit req/s':>17} {'p99 ms':>7} {'ratio':>6}")
    for mode, (pr, pp, cr, cp, ratio) in results.items():
        print(f"  {mode:<11} {pr:12.0f} {pp:7.1f} {cr:17.0f} {cp:7.1f} {ratio:6.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Launcher figures: start to all READY, kill -9 to replacement READY, RSS, and requests/s
through the launcher vs one plain JVM running HelloVerticle, in one run, interleaved.

Usage: python3 bench/launcher_bench.py [--runs 5] [--duration 5] [--connections 64]
Needs: mvn -DskipTests package (launcher.jar, examples.jar) and wrk (apt-get install wrk).
Traffic goes to 127.0.0.1 only. Prints medians and ratios; machines here are noisy.
"""
import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "launcher", "target", "launcher.jar")
EXAMPLES = os.path.join(ROOT, "examples", "target", "examples.jar")
HELLO = "io.clusterkit.examples.hello.HelloVerticle"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Launcher:
    """A launcher process whose output lines are collected with their arrival times."""

    def __init__(self, workers, port):
        self.lines = []
        self.cond = threading.Condition()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            ["java", "-Xmx256m", "-jar", LAUNCHER, "-workers", str(workers), "-port", str(port),
             "-host", "127.0.0.1", "-grace", "5", "-cp", EXAMPLES, HELLO],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.monotonic(), line.rstrip("\n")))
                self.cond.notify_all()

    def wait_for(self, pattern, timeout=120, start=0):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.lines)):
                    m = rx.search(self.lines[i][1])
                    if m:
                        return self.lines[i][0], m, i
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "\n".join(l for _, l in self.lines[-20:])
                    raise RuntimeError(f"no line /{pattern}/ within {timeout}s; last lines:\n{tail}")
                self.cond.wait(min(left, 0.5))

    def worker_pids(self):
        with self.cond:
            return [int(m.group(2)) for _, l in self.lines
                    for m in [re.search(r"slot (\d+) gen \d+ pid (\d+) - spawned", l)] if m]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pid in self.worker_pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def wrk(port, duration, connections, close):
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    if close:
        cmd += ["-H", "Connection: close"]
    out = subprocess.run(cmd + [f"http://127.0.0.1:{port}/"], capture_output=True, text=True,
                         timeout=duration + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else float("nan")
    return rps, p99ms, (errors.group(1) if errors else "none"), int(non2xx.group(1)) if non2xx else 0


def start_plain(port):
    proc = subprocess.Popen(["java", "-Xmx256m", "-cp", f"{LAUNCHER}:{EXAMPLES}",
                             "io.clusterkit.examples.hello.StandaloneHello", str(port), "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        if "listening" in line:
            return proc
    raise RuntimeError("standalone hello did not start")


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    for f in (LAUNCHER, EXAMPLES):
        if not os.path.exists(f):
            sys.exit(f"missing {f}: run mvn -B -DskipTests package first")

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
                plain.kill()
                plain.wait()
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

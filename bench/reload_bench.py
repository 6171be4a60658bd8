#!/usr/bin/env python3
"""Reload figures: how long a rolling reload takes and how many requests fail during it, under
wrk keep-alive load, for ClusterKit (`launcher.jar reload`), PM2 (`pm2 reload`, cluster mode)
and the seed's Node cluster (cluster.js, SIGUSR2: fork new, wait listening, kill old), with 2
and 4 workers, several reloads each. Writes docs/reload-bench.md and docs/reload-bench.json.

Usage: python3 bench/reload_bench.py [--runs 5] [--workers 2,4] [--systems clusterkit,clusterkit-nocds,pm2,node]
(the defaults take about 10 minutes; --runs 1 --workers 2 about 2)
Needs: mvn -DskipTests package, wrk, node and npm (PM2 is installed into bench/pm2 on first use).
Traffic goes to 127.0.0.1 only.
"""
import argparse
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from benchlib import (LAUNCHER, ROOT, Launcher, Pm2, Proc, client_addresses, command_line,
                      free_port, http_ok, install_cleanup, machine, med, parse_wrk, pm2_version,
                      require_jars, start_wrk, stop_all)

DOC = os.path.join(ROOT, "docs", "reload-bench.md")
DATA = os.path.join(ROOT, "docs", "reload-bench.json")
NODE_CLUSTER = os.path.join(ROOT, "bench", "node-cluster", "cluster.js")
HELLO_JS = os.path.join(ROOT, "bench", "node-cluster", "hello.js")
SYSTEMS = ("clusterkit", "clusterkit-nocds", "pm2", "node")
LABEL = {"clusterkit": "ClusterKit `reload`", "clusterkit-nocds": "ClusterKit `reload`, `-no-cds`",
         "pm2": "PM2 `reload`", "node": "Node cluster rolling restart"}
RELOAD_TIMEOUT = 180  # seconds a reload may take before the run counts as failed


class ClusterKit:
    def __init__(self, workers, class_archives=True):
        self.workers = workers
        self.name = f"reload-bench-{workers}"
        # the launcher writes its admin port and token here, not under ~/.clusterkit; class
        # archives go to a fresh directory: the first worker records one as the cluster starts
        self.env = {"CLUSTERKIT_RUN_DIR": tempfile.mkdtemp(prefix="ck-run"),
                    "CLUSTERKIT_CDS_DIR": os.path.join(tempfile.mkdtemp(prefix="ck-cds"), "cds")}
        flags = ["-name", self.name] + ([] if class_archives else ["-no-cds"])
        self.proc = Launcher(workers, 0, extra=flags, env=self.env, name=f"clusterkit {workers}")
        self.port = self.proc.wait_ready()
        self.how = (f"`java -Xmx256m -jar launcher.jar -workers {workers} -port 0 -host 127.0.0.1 "
                    f"-grace 5 {' '.join(flags)} -cp examples.jar io.clusterkit.examples.hello.HelloVerticle`"
                    + (" (class archive recorded by the first worker at start)" if class_archives else ""))

    def reload(self):
        """`launcher.jar reload -name NAME`: returns once every slot has rolled. Its wall time
        (a JVM start included), and the launcher's own 'reload requested' to 'reload done'."""
        start = len(self.proc.lines)
        t0 = time.monotonic()
        r = subprocess.run(["java", "-jar", LAUNCHER, "reload", "-name", self.name],
                           capture_output=True, text=True, timeout=RELOAD_TIMEOUT, stdin=subprocess.DEVNULL,
                           env={**os.environ, **self.env})
        wall = time.monotonic() - t0
        said = (r.stdout + r.stderr).strip()
        if r.returncode != 0 or not re.search(rf"reload done: {self.workers} slots rolled", said):
            raise RuntimeError(f"launcher.jar reload exit {r.returncode}: {said}")
        t_req, _, i = self.proc.wait_for(r"Operations - reload requested", 10, start)
        t_done, _, _ = self.proc.wait_for(r"Operations - reload done", 10, i)
        self.proc.remember_children()
        return {"duration_s": wall, "inside_s": t_done - t_req}

    def stop(self):
        self.proc.stop()


class Pm2App:
    def __init__(self, workers, version):
        self.workers = workers
        self.name = f"reload-bench-{workers}"
        self.port = free_port()
        self.pm2 = Pm2()
        r = self.pm2.run("start", HELLO_JS, "-i", str(workers), "--name", self.name,
                         env={"PORT": str(self.port)})
        if r.returncode != 0:
            raise RuntimeError(f"pm2 start exit {r.returncode}: {r.stdout}{r.stderr}")
        deadline = time.monotonic() + 60
        while not http_ok(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"pm2: nothing answers on port {self.port}")
            time.sleep(0.2)
        self.pm2.remember_children()
        self.how = (f"PM2 {version}, `PORT={self.port} pm2 start bench/node-cluster/hello.js -i {workers} "
                    f"--name {self.name}` (cluster mode, PM2's defaults; PM2_HOME a temp directory)")

    def reload(self):
        t0 = time.monotonic()
        r = self.pm2.run("reload", self.name, timeout=RELOAD_TIMEOUT)
        wall = time.monotonic() - t0
        if r.returncode != 0:
            raise RuntimeError(f"pm2 reload exit {r.returncode}: {r.stdout}{r.stderr}")
        self.pm2.remember_children()
        return {"duration_s": wall, "inside_s": float("nan")}

    def stop(self):
        self.pm2.stop()


class NodeCluster:
    def __init__(self, workers):
        self.workers = workers
        self.port = free_port()
        self.proc = Proc(["node", NODE_CLUSTER], env={"PORT": str(self.port), "WORKERS": str(workers)},
                         name=f"node cluster {workers}")
        self.proc.wait_for(r"^EV \S+ ready", timeout=60)
        self.proc.remember_children()
        self.how = f"`PORT={self.port} WORKERS={workers} node bench/node-cluster/cluster.js` (SCHED=rr)"

    def reload(self):
        """SIGUSR2 to the primary; done at its 'EV ... roll_done ms X' line. Returns the wall time
        from the signal to that line, and X (roll_start to roll_done, in the primary)."""
        start = len(self.proc.lines)
        t0 = time.monotonic()
        os.kill(self.proc.pid, signal.SIGUSR2)
        t_done, m, _ = self.proc.wait_for(r"^EV \S+ roll_done ms ([\d.]+)", RELOAD_TIMEOUT, start)
        self.proc.remember_children()
        return {"duration_s": t_done - t0, "inside_s": float(m.group(1)) / 1000}

    def stop(self):
        self.proc.stop()


def start_system(name, workers, pm2ver):
    if name == "clusterkit":
        return ClusterKit(workers)
    if name == "clusterkit-nocds":
        return ClusterKit(workers, class_archives=False)
    if name == "pm2":
        return Pm2App(workers, pm2ver)
    return NodeCluster(workers)


def measure(system, args):
    """One reload under load: wrk starts, after --before s the reload, --after s after it is
    done wrk gets SIGINT (it then prints its report). Returns the run's figures."""
    load = start_wrk(system.port, args.before + RELOAD_TIMEOUT + args.after + 30, args.connections)
    try:
        time.sleep(args.before)
        if load.proc.poll() is not None:
            raise RuntimeError(f"wrk ended early:\n{load.output()}")
        try:
            r = system.reload()
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            r = {"duration_s": float("nan"), "inside_s": float("nan"), "error": str(e)[:300]}
        time.sleep(args.after)
        load.proc.send_signal(signal.SIGINT)
        load.proc.wait(30)
        time.sleep(0.2)  # the pump thread's last lines
        r.update(parse_wrk(load.output()))
    finally:
        load.stop()
    return r


def run_all(args, pm2ver):
    """runs[name][workers] = list of per-run dicts; how[name][workers] = how it was started."""
    runs = {n: {} for n in args.systems}
    how = {n: {} for n in args.systems}
    for workers in args.workers:
        for name in args.systems:
            print(f"{name}, {workers} workers: starting...", flush=True)
            system = start_system(name, workers, pm2ver)
            how[name][str(workers)] = system.how
            rs = runs[name][str(workers)] = []
            try:
                # warm-up: the same load for a while, no reload
                warm = start_wrk(system.port, args.warmup, args.connections)
                warm.proc.wait(args.warmup + 60)
                warm.stop()
                for i in range(args.runs):
                    time.sleep(args.settle)
                    r = measure(system, args)
                    rs.append(r)
                    print(f"  run {i + 1}: reload {r['duration_s']:.2f} s, failed {r['failed']} "
                          f"(connect {r['connect']}, read {r['read']}, write {r['write']}, "
                          f"timeout {r['timeout']}, non-2xx {r['non2xx']}), {r['requests']} requests"
                          + (f", ERROR {r['error']}" if "error" in r else ""), flush=True)
            finally:
                system.stop()
    return runs, how


def rows(runs, args):
    out = []
    for workers in args.workers:
        for name in args.systems:
            rs = runs[name][str(workers)]
            out.append((name, workers, med([r["duration_s"] for r in rs]), med([r["inside_s"] for r in rs]),
                        [r["failed"] for r in rs], med([r["failed"] for r in rs]),
                        med([r["requests"] for r in rs]), med([r["rps"] for r in rs]),
                        med([r["max_ms"] for r in rs]), sum(1 for r in rs if "error" in r)))
    return out


def fmt(x, spec=".2f"):
    return "—" if x != x else format(x, spec)


def print_table(table):
    print()
    print(f"{'system':<17} {'workers':>7} {'reload s':>9} {'inside s':>9} {'failed (median)':>16}  "
          f"{'requests':>9} {'req/s':>8} {'max ms':>8}  failed per run")
    for name, w, dur, inside, failed, fmed, reqs, rps, mx, errs in table:
        print(f"{name:<17} {w:>7} {fmt(dur):>9} {fmt(inside):>9} {fmt(fmed, '.0f'):>16}  "
              f"{fmt(reqs, '.0f'):>9} {fmt(rps, '.0f'):>8} {fmt(mx, '.0f'):>8}  {failed}"
              + (f"  ({errs} reloads failed)" if errs else ""))


def write_doc(table, how, args, machine_line, started, pm2ver, load_end):
    cmd = command_line("reload_bench.py")
    minutes = (datetime.datetime.now() - started).seconds / 60
    out = ["# Reload figures: ClusterKit vs PM2 vs a Node cluster rolling restart", "",
           f"Written by `{cmd}` on {started:%Y-%m-%d %H:%M} (local time); rerun it (after",
           "`mvn -B -DskipTests package`) to replace this page and `reload-bench.json`.", "",
           f"Machine: {machine_line}; load average {load_end:.2f} at the end. The run took {minutes:.0f} min.", ""]
    if args.note:
        out += [f"**{args.note}**", ""]
    out += [f"Each row: {args.runs} reload{'s' if args.runs != 1 else ''} of hello world with N workers, each under `wrk -t1 "
            f"-c{args.connections}` keep-alive load. A failed request is a wrk socket error (connect, "
            "read, write or timeout) or a non-2xx answer.", "",
            "| system | workers | reload s (median) | failed requests per run | failed (median) "
            "| requests per run (median) | req/s (median) | max latency ms (median) |",
            "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    for name, w, dur, inside, failed, fmed, reqs, rps, mx, errs in table:
        note = f" ({errs} reloads did not complete)" if errs else ""
        out.append(f"| {LABEL[name]} | {w} | {fmt(dur)} | {', '.join(map(str, failed))}{note} | "
                   f"{fmt(fmed, '.0f')} | {fmt(reqs, ',.0f')} | {fmt(rps, ',.0f')} | {fmt(mx, ',.0f')} |")
    out += ["", "## Systems", "", "| system | workers | started as |", "| --- | ---: | --- |"]
    for name in args.systems:
        for w in args.workers:
            out.append(f"| {LABEL[name]} | {w} | {how[name].get(str(w), '—')} |")
    clients = (f"from {args.client_addresses} client addresses (127.0.0.2 and up, in turn: "
               "`bench/clientaddr`, an LD_PRELOAD shim that binds each socket before its connect)"
               if args.client_addresses > 0 else "from 127.0.0.1")
    out += ["", "## Method", "",
            "- Each system and worker count is started once and reloaded "
            f"{args.runs} times; one system runs at a time, the others are stopped. After the start,",
            f"  {args.warmup} s of the same load warm it up (no reload).",
            f"- One run: `wrk -t1 -c{args.connections} -d<long> --latency http://127.0.0.1:PORT/` starts "
            f"(its connections come {clients});",
            f"  {args.before} s later the reload is triggered; {args.after} s after the reload is done wrk "
            "gets SIGINT and prints its report",
            "  for the whole run. Runs are "
            f"{args.settle} s apart.",
            "- ClusterKit: `java -jar launcher.jar reload -name reload-bench-N` (with the launcher's "
            "`CLUSTERKIT_RUN_DIR`); it returns",
            "  once every slot has rolled and prints `reload done: N slots rolled`. The reload duration "
            "is its wall time, which",
            "  includes starting that command's JVM; the launcher's own time from `reload requested` to "
            "`reload done` is in",
            "  `reload-bench.json` (`inside_s`). `-grace 5`: an old worker's connections still open 5 s "
            "after its drain starts are closed.",
            "- ClusterKit's class-data sharing archive: by default the first worker started records one "
            "(as the cluster starts, before",
            "  the warm-up) and every later worker, reload replacements included, boots from it; the "
            "`-no-cds` row starts every worker without one.",
            "- PM2: `pm2 reload reload-bench-N` (PM2 replaces the instances one by one: start a new one, "
            "wait until it listens,",
            "  stop the old one); the duration is the command's wall time. PM2's defaults (`kill_timeout` "
            "1.6 s, no `wait_ready`),",
            "  as most deployments run it; `PM2_HOME` is a temp directory and the daemon is killed "
            "(`pm2 kill`) at the end.",
            "- Node cluster: SIGUSR2 to `cluster.js`'s primary: for each worker, fork a new one, wait for "
            "its `listening`, then",
            "  `worker.kill()` the old one (disconnect, then SIGTERM) and wait for its exit. The duration "
            "runs from the signal to",
            "  its `EV ... roll_done` line (the primary's own `roll_start` to `roll_done` is `inside_s`).",
            "- Requests, req/s and max latency are wrk's figures for the whole run (load before, during "
            "and after the reload).",
            "- Nothing is pinned: wrk and the servers share the machine's cores. The raw runs are in "
            "`reload-bench.json`.", ""]
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="reloads per system and worker count (>= 3 for figures)")
    ap.add_argument("--workers", default="2,4", help="comma-separated worker counts")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated, from: {','.join(SYSTEMS)}")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--before", type=int, default=3, help="seconds of load before the reload")
    ap.add_argument("--after", type=int, default=3, help="seconds of load after the reload is done")
    ap.add_argument("--settle", type=int, default=2, help="seconds between runs")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of load after each start, no reload")
    ap.add_argument("--client-addresses", type=int, default=64,
                    help="wrk connects from this many 127.0.0.x addresses (0: 127.0.0.1 only)")
    ap.add_argument("--note", default="", help="a line to put at the top of the doc")
    ap.add_argument("--no-doc", action="store_true", help="print only, leave docs/ alone")
    args = ap.parse_args()
    args.workers = [int(w) for w in args.workers.split(",") if w.strip()]
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    for s in args.systems:
        if s not in SYSTEMS:
            sys.exit(f"unknown system {s}; known: {', '.join(SYSTEMS)}")
    if args.runs < 3 and not args.note:
        args.note = f"Only {args.runs} run{'s' if args.runs != 1 else ''} per row: a validation run, not figures to quote."
    require_jars()
    pm2ver = pm2_version() if "pm2" in args.systems else None
    client_addresses(args.client_addresses)
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    try:
        runs, how = run_all(args, pm2ver)
    finally:
        stop_all()
    load_end = os.getloadavg()[0]
    table = rows(runs, args)
    print_table(table)
    if args.no_doc:
        return
    with open(DATA, "w") as f:
        json.dump({"date": f"{started:%Y-%m-%d %H:%M}", "machine": machine_line, "load_end": load_end,
                   "pm2": pm2ver, "connections": args.connections, "runs_per_row": args.runs,
                   "before_s": args.before, "after_s": args.after, "client_addresses": args.client_addresses,
                   "short": args.runs < 3, "how": how, "runs": runs}, f, indent=1)
    write_doc(table, how, args, machine_line, started, pm2ver, load_end)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Spares figures, against the targets of the issue "Warm spare workers and surge reloads", side
by side in one run with Node's cluster module and PM2 on the same machine: `kill -9` of a worker
to its slot serving again, a reload of 4 workers under keep-alive load (duration, failed
requests, max latency, requests/s in the first 10 s after it vs the 10 s before), the cold start
of 2 workers with the class archive present, and the memory of an idle 2-worker cluster (PSS and
RSS, spares not counted, then counted). ClusterKit runs with -spares 1 and with -spares 0 (the
way it ran before spares); the promote section sets a spare's warm-up (-spare-warmup, on by
default) against none (system clusterkit-nowarm): requests/s of 1 worker in the first seconds
after its spare took its slot, against before the kill, rounds interleaved. System
clusterkit-spares-all keeps as many spares as workers (-spares = -workers), so that a reload of
the same code rolls without a JVM boot on its path. After a reload and after a promotion, a
second window (seconds 10-20) shows where the pool's next spare boot lands. System
clusterkit-fixed-archive maps the workers' class-data archives at their own base address
(memory). Writes
docs/spares-bench.md and docs/spares-bench.json; a run of some sections only keeps the other
sections of the previous docs/spares-bench.json (each section says the run it comes from).

Usage: python3 bench/spares_bench.py [--runs 5] [--sections kill,reload,start,memory,promote]
       [--systems clusterkit-spares,clusterkit,clusterkit-nowarm,clusterkit-spares-all,
                  clusterkit-fixed-archive,node,pm2]
       [--doc PATH] [--no-doc]
(the defaults take about 25 minutes on 2 cores; `--runs 1 --sections kill --systems
clusterkit-spares,node --doc /tmp/x.md` about a minute)
Needs: mvn -DskipTests package, wrk, node and npm (PM2 is installed into bench/pm2 on first use).
Traffic goes to 127.0.0.1 only. Prints medians; machines here are noisy.
"""
import argparse
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

from benchlib import (LAUNCHER, ROOT, Launcher, Proc, client_addresses, command_line, descendants,
                      free_port, http_ok, install_cleanup, machine, med, parse_wrk, pm2_version,
                      require_jars, rss_mb, start_wrk, stop_all, wrk_report)
from reload_bench import NodeCluster, Pm2App

SECTIONS = ("kill", "reload", "start", "memory", "promote")
SYSTEMS = ("clusterkit-spares", "clusterkit", "clusterkit-nowarm", "clusterkit-spares-all",
           "clusterkit-fixed-archive", "node", "pm2")
# the class-data archives mapped at their own base address, not a random one (see
# footprint_bench.py's archive-fixed-address)
FIXED_ARCHIVE = "-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0"
LABEL = {"clusterkit-spares": "ClusterKit `-spares 1`", "clusterkit": "ClusterKit `-spares 0`",
         "clusterkit-nowarm": "ClusterKit `-spares 1 -spare-warmup 0`",
         "clusterkit-spares-all": "ClusterKit `-spares` = `-workers`",
         "clusterkit-fixed-archive": f"ClusterKit `-spares 1 -worker-opts \"{FIXED_ARCHIVE}\"`",
         "node": "Node cluster", "pm2": "PM2 cluster mode"}
TIMEOUT = 180


def pss_mb(pid):
    """Proportional set size of pid (shared pages divided among their users), in MB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def answering_pid(port):
    """The pid in one answer on a new connection (ClusterKit's JSON or Node's plain pid), or None."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        body = data.split(b"\r\n\r\n", 1)[1].decode()
        m = re.search(r'"pid"\s*:\s*(\d+)', body) or re.match(r"\s*(\d+)", body)
        return int(m.group(1)) if m else None
    except (OSError, IndexError, UnicodeDecodeError):
        return None


class ClusterKit:
    """A launcher with -spares K (0: as before spares), its admin files in a temp directory."""

    def __init__(self, workers, spares, cds_dir, port=0, warmup=None, worker_opts=None):
        self.workers = workers
        self.spares = spares
        self.name = f"spares-bench-{workers}-{spares}"
        self.env = {"CLUSTERKIT_RUN_DIR": tempfile.mkdtemp(prefix="ck-run"), "CLUSTERKIT_CDS_DIR": cds_dir}
        warm = [] if warmup is None else ["-spare-warmup", warmup]
        if worker_opts:
            warm += ["-worker-opts", worker_opts]
        # -min-uptime 0: the kill section kills a worker every few seconds, which the default
        # restart policy (60 s) rightly takes for a crash loop after 5 kills
        self.proc = Launcher(workers, port, extra=["-name", self.name, "-spares", str(spares),
                                                   "-min-uptime", "0", *warm],
                             env=self.env, name=f"clusterkit {workers}/{spares}")
        self.port = self.proc.wait_ready()
        shown = [f'"{w}"' if " " in w else w for w in warm]
        self.how = (f"`java -Xmx256m -jar launcher.jar -workers {workers} -spares {spares} "
                    f"{' '.join(shown) + ' ' if shown else ''}-min-uptime 0 -grace 5 "
                    f"-cp examples.jar HelloVerticle` (class archive present)")

    def await_spares(self, timeout=TIMEOUT):
        """Waits until -spares spares are booted and waiting, their warm-up (if any) over (none to
        wait for with -spares 0)."""
        deadline = time.monotonic() + timeout
        while self.spares and time.monotonic() < deadline:
            status = self.status()
            if sum(1 for s in status.get("spares", []) if s.get("booted") and not s.get("retiring")
                   and (s.get("warmup") or {}).get("state", "done") != "running") >= self.spares:
                return status
            time.sleep(0.5)
        return self.status() if self.spares else None

    def status(self):
        r = subprocess.run(["java", "-jar", LAUNCHER, "status", "-json", "-name", self.name],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                           env={**os.environ, **self.env})
        return json.loads(r.stdout) if r.returncode == 0 else {}

    def worker_pids(self):
        return [w["pid"] for w in self.status().get("workers", [])]

    def reload(self):
        t0 = time.monotonic()
        r = subprocess.run(["java", "-jar", LAUNCHER, "reload", "-name", self.name], capture_output=True,
                           text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL, env={**os.environ, **self.env})
        if r.returncode != 0:
            raise RuntimeError(f"launcher.jar reload exit {r.returncode}: {r.stdout}{r.stderr}")
        self.proc.remember_children()
        return time.monotonic() - t0

    def stop(self):
        self.proc.stop()


def start_system(name, workers, cds_dir, pm2ver):
    if name == "clusterkit-spares":
        return ClusterKit(workers, 1, cds_dir)
    if name == "clusterkit":
        return ClusterKit(workers, 0, cds_dir)
    if name == "clusterkit-nowarm":
        return ClusterKit(workers, 1, cds_dir, warmup="0")
    if name == "clusterkit-spares-all":
        return ClusterKit(workers, workers, cds_dir)
    if name == "clusterkit-fixed-archive":
        return ClusterKit(workers, 1, cds_dir, worker_opts=FIXED_ARCHIVE)
    if name == "pm2":
        return Pm2App(workers, pm2ver)
    return NodeCluster(workers)


def pids_of(system):
    if isinstance(system, ClusterKit):
        return system.worker_pids()
    root = system.pm2.daemon_pid() if isinstance(system, Pm2App) else system.proc.pid
    return [p for p in descendants(root) if b"node" in cmdline(p)]


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


def kill_once(system):
    """SIGKILLs one worker and polls new connections until a process that was not serving
    before answers: the seconds from the kill to that answer."""
    before = set(pids_of(system))
    victim = sorted(before)[-1]
    t0 = time.monotonic()
    os.kill(victim, signal.SIGKILL)
    deadline = t0 + TIMEOUT
    while time.monotonic() < deadline:
        pid = answering_pid(system.port)
        if pid is not None and pid not in before:
            return time.monotonic() - t0
    raise RuntimeError(f"no new process answered within {TIMEOUT} s of the kill")


def section_kill(args, cds_dir, pm2ver):
    out = {}
    for name in args.systems:
        system = start_system(name, 2, cds_dir, pm2ver)
        try:
            times = []
            for run in range(args.runs):
                if isinstance(system, ClusterKit):
                    system.await_spares()
                time.sleep(args.settle)  # the replacement settles before the next kill
                t = kill_once(system)
                times.append(t)
                print(f"kill {name} run {run + 1}: {t:.3f} s", flush=True)
            out[name] = {"runs": times, "median": med(times), "how": system.how}
        finally:
            system.stop()
    return out


def section_reload(args, cds_dir, pm2ver):
    out = {}
    for name in args.systems:
        system = start_system(name, 4, cds_dir, pm2ver)
        runs = []
        try:
            wrk_report(system.port, 5, args.connections, False)  # warm-up
            for run in range(args.runs):
                if isinstance(system, ClusterKit):
                    system.await_spares()
                time.sleep(args.settle)
                steady = wrk_report(system.port, args.window, args.connections, False)
                load = start_wrk(system.port, TIMEOUT + 60, args.connections)
                try:
                    time.sleep(2)
                    duration = system.reload()["duration_s"] if not isinstance(system, ClusterKit) \
                        else system.reload()
                    load.proc.send_signal(signal.SIGINT)
                    load.proc.wait(30)
                    time.sleep(0.2)
                    during = parse_wrk(load.output())
                finally:
                    load.stop()
                after = wrk_report(system.port, args.window, args.connections, False)
                later = wrk_report(system.port, args.window, args.connections, False)
                r = {"duration_s": duration, "failed": during["failed"], "max_ms": during["max_ms"],
                     "rps_steady": steady["rps"], "rps_after": after["rps"],
                     "after_vs_steady": after["rps"] / steady["rps"],
                     "later_vs_steady": later["rps"] / steady["rps"]}
                runs.append(r)
                print(f"reload {name} run {run + 1}: {duration:.2f} s, failed {r['failed']}, max "
                      f"{r['max_ms']:.0f} ms, first {args.window} s after {r['rps_after']:.0f} req/s vs "
                      f"{r['rps_steady']:.0f} before ({r['after_vs_steady']:.2f}x), the next "
                      f"{args.window} s {r['later_vs_steady']:.2f}x", flush=True)
            out[name] = {"runs": runs, "how": system.how,
                         **{k: med([r[k] for r in runs]) for k in runs[0]}}
        finally:
            system.stop()
    return out


def section_start(args, cds_dir, pm2ver):
    out = {}
    for name in args.systems:
        times = []
        for run in range(args.runs):
            t0 = time.monotonic()
            system = start_system(name, 2, cds_dir, pm2ver)
            try:
                while not http_ok(system.port):
                    time.sleep(0.01)
                times.append(time.monotonic() - t0)
            finally:
                system.stop()
            print(f"start {name} run {run + 1}: {times[-1]:.2f} s", flush=True)
        out[name] = {"runs": times, "median": med(times)}
    return out


def section_memory(args, cds_dir, pm2ver):
    out = {}
    for name in args.systems:
        runs = []
        for run in range(args.runs):
            system = start_system(name, 2, cds_dir, pm2ver)
            try:
                status = system.await_spares() if isinstance(system, ClusterKit) else None
                time.sleep(args.settle)  # idle: let the JVMs settle (a measurement, not a sync)
                if isinstance(system, Pm2App):
                    root = system.pm2.daemon_pid()
                else:
                    root = system.proc.pid
                tree = [root] + descendants(root)
                spare_pids = {s["pid"] for s in (status or {}).get("spares", [])}
                slots = [p for p in tree if p not in spare_pids]
                r = {"pss": sum(pss_mb(p) for p in slots), "rss": sum(rss_mb(p) for p in slots),
                     "pss_all": sum(pss_mb(p) for p in tree), "rss_all": sum(rss_mb(p) for p in tree)}
                runs.append(r)
                print(f"memory {name} run {run + 1}: PSS {r['pss']:.0f} MB (with spares "
                      f"{r['pss_all']:.0f}), RSS {r['rss']:.0f} MB (with spares {r['rss_all']:.0f})",
                      flush=True)
            finally:
                system.stop()
        out[name] = {"runs": runs, **{k: med([r[k] for r in runs]) for k in runs[0]}}
    return out


def section_promote(args, cds_dir, pm2ver):
    """1 worker and its spare: keep-alive req/s in the first seconds after the spare took the slot
    of the killed worker, against the steady state before the kill; systems interleaved per round,
    so the machine's drift hits both alike."""
    names = [n for n in args.systems if n in ("clusterkit-spares", "clusterkit-nowarm")]
    runs = {n: [] for n in names}
    first = max(1, min(2, args.window // 2))
    for run in range(args.runs):
        for name in names:
            system = start_system(name, 1, cds_dir, pm2ver)
            try:
                status = system.await_spares()
                warm = next((s.get("warmup") for s in status.get("spares", []) if s.get("booted")), None)
                time.sleep(args.settle)  # idle before the measurement, not a sync
                steady = wrk_report(system.port, args.window, args.connections, False)
                kill_once(system)
                early = wrk_report(system.port, first, args.connections, False)
                rest = wrk_report(system.port, args.window - first, args.connections, False)
                later = wrk_report(system.port, args.window, args.connections, False)
                after = (early["rps"] * first + rest["rps"] * (args.window - first)) / args.window
                r = {"rps_steady": steady["rps"], "rps_first": early["rps"], "rps_after": after,
                     "first_vs_steady": early["rps"] / steady["rps"], "after_vs_steady": after / steady["rps"],
                     "later_vs_steady": later["rps"] / steady["rps"],
                     "warmup_requests": (warm or {}).get("requests", 0)}
                runs[name].append(r)
                print(f"promote {name} run {run + 1}: first {first} s {r['rps_first']:.0f} req/s "
                      f"({r['first_vs_steady']:.2f}x), first {args.window} s {after:.0f} "
                      f"({r['after_vs_steady']:.2f}x), the next {args.window} s "
                      f"{r['later_vs_steady']:.2f}x, vs {r['rps_steady']:.0f} before; warm-up "
                      f"{r['warmup_requests']} requests", flush=True)
            finally:
                system.stop()
    return {n: {"runs": rs, "first_s": first, "window_s": args.window,
                **{k: med([r[k] for r in rs]) for k in rs[0]}}
            for n, rs in runs.items() if rs}


def targets(res):
    """(target, figure, met?) for each target the run measured."""
    rows = []
    k = res.get("kill", {}).get("clusterkit-spares")
    if k:
        rows.append(("`kill -9` -> slot serving again <= 0.2 s with a spare", f"{k['median']:.3f} s",
                     k["median"] <= 0.2))
    rl = res.get("reload", {})
    ck, pm = rl.get("clusterkit-spares"), rl.get("pm2")
    if ck and pm:
        rows.append(("reload of 4 under load no longer than `pm2 reload`",
                     f"{ck['duration_s']:.2f} s vs {pm['duration_s']:.2f} s", ck["duration_s"] <= pm["duration_s"]))
        rows.append(("max latency during it at most 2x PM2's", f"{ck['max_ms']:.0f} ms vs {pm['max_ms']:.0f} ms",
                     ck["max_ms"] <= 2 * pm["max_ms"]))
    if ck:
        rows.append(("0 failed requests during the reload", f"{ck['failed']:.0f}", ck["failed"] == 0))
        rows.append(("req/s in the first 10 s after a reload >= 0.8x steady", f"{ck['after_vs_steady']:.2f}x",
                     ck["after_vs_steady"] >= 0.8))
    al = rl.get("clusterkit-spares-all")
    if al and pm:
        rows.append(("the same with `-spares` = `-workers`: reload no longer than `pm2 reload`",
                     f"{al['duration_s']:.2f} s vs {pm['duration_s']:.2f} s", al["duration_s"] <= pm["duration_s"]))
        rows.append(("its max latency at most 2x PM2's", f"{al['max_ms']:.0f} ms vs {pm['max_ms']:.0f} ms",
                     al["max_ms"] <= 2 * pm["max_ms"]))
        rows.append(("its req/s in the first 10 s after >= 0.8x steady", f"{al['after_vs_steady']:.2f}x",
                     al["after_vs_steady"] >= 0.8))
    st = res.get("start", {}).get("clusterkit-spares")
    if st:
        rows.append(("cold start of 2 workers, archive present, <= 4 s", f"{st['median']:.2f} s", st["median"] <= 4))
    pr = res.get("promote", {}).get("clusterkit-spares")
    if pr:
        rows.append((f"req/s in the first {pr['window_s']} s after a spare took a slot >= 0.8x steady (1 worker)",
                     f"{pr['after_vs_steady']:.2f}x", pr["after_vs_steady"] >= 0.8))
    mem = res.get("memory", {}).get("clusterkit-spares")
    if mem:
        rows.append(("idle 2-worker cluster <= 300 MB PSS, spares not counted", f"{mem['pss']:.0f} MB", mem["pss"] <= 300))
        rows.append(("the same, spares counted", f"{mem['pss_all']:.0f} MB", mem["pss_all"] <= 300))
    fixed = res.get("memory", {}).get("clusterkit-fixed-archive")
    if fixed:
        rows.append(("idle 2-worker cluster <= 300 MB PSS, class archives at their base address",
                     f"{fixed['pss']:.0f} MB", fixed["pss"] <= 300))
    return rows


def provenance(sources, section, started):
    """A line naming the earlier run a section was kept from, or nothing for this run's."""
    src = sources.get(section)
    if not src or src["date"] == f"{started:%Y-%m-%d %H:%M}":
        return []
    return [f"*Kept from the run of {src['date']} ({src['machine']}), not rerun this time.*", ""]


def write_doc(path, args, res, machine_line, started, load_end, sources):
    minutes = (datetime.datetime.now() - started).seconds / 60
    out = ["# Spares: ClusterKit with and without spares vs Node's cluster and PM2", "",
           f"Written by `{command_line('spares_bench.py')}` on {started:%Y-%m-%d %H:%M} (local time); rerun it "
           "(after `mvn -B -DskipTests package`) to replace this page and `spares-bench.json`.", "",
           f"Machine: {machine_line}; load average {load_end:.2f} at the end. The run took {minutes:.0f} min.", ""]
    if args.runs < 5:
        out += [f"**Only {args.runs} run(s) per figure: a validation run, not figures to quote.**", ""]
    out += ["## Targets", "", "| target | figure | met |", "| --- | ---: | --- |"]
    out += [f"| {t} | {f} | {'yes' if ok else 'no'} |" for t, f, ok in targets(res)]
    s = lambda n: LABEL[n]
    later = lambda r: f"{r['later_vs_steady']:.2f}x" if "later_vs_steady" in r else "not measured"
    if "kill" in res:
        out += ["", "## `kill -9` of a worker -> a new process answers", "", *provenance(sources, "kill", started),
                f"Medians of {args.runs}; 2 workers. From SIGKILL of one worker to the first answer, on a new "
                "connection polled back to back, from a process that was not serving before.", "",
                "| system | seconds (median) | runs |", "| --- | ---: | --- |"]
        out += [f"| {s(n)} | {r['median']:.3f} | {', '.join(f'{x:.3f}' for x in r['runs'])} |" for n, r in res["kill"].items()]
    if "reload" in res:
        out += ["", "## Reload of 4 workers under keep-alive load", "", *provenance(sources, "reload", started),
                f"Medians of {args.runs}; `wrk -t1 -c{args.connections}` keep-alive load from 2 s before the reload "
                f"to its end; then {args.window} s of the same load right after it, against {args.window} s just "
                "before the reload (steady state).", "",
                "| system | reload s | failed | max latency ms | req/s before | req/s first "
                f"{args.window} s after | after / before | the next {args.window} s / before |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        out += [f"| {s(n)} | {r['duration_s']:.2f} | {r['failed']:.0f} | {r['max_ms']:.0f} | {r['rps_steady']:,.0f} "
                f"| {r['rps_after']:,.0f} | {r['after_vs_steady']:.2f}x | {later(r)} |" for n, r in res["reload"].items()]
    if "start" in res:
        out += ["", "## Cold start of 2 workers", "", *provenance(sources, "start", started), f"Medians of {args.runs}: from starting the system to its first "
                "2xx answer (ClusterKit: the class archive recorded by an earlier launch; PM2: its daemon included).",
                "", "| system | seconds (median) |", "| --- | ---: |"]
        out += [f"| {s(n)} | {r['median']:.2f} |" for n, r in res["start"].items()]
    if "memory" in res:
        out += ["", "## Memory of an idle 2-worker cluster", "", *provenance(sources, "memory", started), f"Medians of {args.runs}, {args.settle} s after the "
                "cluster (and its spares) were ready: every process of the system (launcher or primary or PM2 "
                "daemon, and its workers). PSS counts a page shared by several processes (class-data sharing "
                "archive, libraries) once in all.", "",
                "| system | PSS MB | PSS MB with spares | RSS MB | RSS MB with spares |", "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {s(n)} | {r['pss']:.0f} | {r['pss_all']:.0f} | {r['rss']:.0f} | {r['rss_all']:.0f} |"
                for n, r in res["memory"].items()]
    if "promote" in res:
        first = next(iter(res["promote"].values()))["first_s"]
        out += ["", "## A spare's first seconds in a slot: warm-up on and off", "", *provenance(sources, "promote", started),
                f"Medians of {args.runs}, rounds interleaved (on, off, on, off...); 1 worker and 1 spare. "
                f"`wrk -t1 -c{args.connections}` keep-alive for {args.window} s before a `kill -9` of the worker "
                f"(steady state), then, as soon as the spare answers in its slot, {first} s and "
                f"{args.window - first} s more (the first {args.window} s are their weighted mean).", "",
                f"| system | warm-up requests | req/s before | req/s first {first} s | x before | "
                f"req/s first {args.window} s | x before | the next {args.window} s, x before |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        out += [f"| {s(n)} | {r['warmup_requests']:,.0f} | {r['rps_steady']:,.0f} | {r['rps_first']:,.0f} | "
                f"{r['first_vs_steady']:.2f}x | {r['rps_after']:,.0f} | {r['after_vs_steady']:.2f}x | {later(r)} |"
                for n, r in res["promote"].items()]
    out += ["", "## Method", "",
            "- Each system runs alone; ClusterKit waits for its spare to be booted again before each kill and "
            "each reload.",
            "- Node: `bench/node-cluster/cluster.js` (reforks at once on a crash; SIGUSR2 rolls); PM2: cluster "
            "mode with its defaults.",
            "- `-spares` = `-workers`: as many spares as workers, so that a reload of the same code finds a "
            "booted spare for every slot (each costs an idle worker's memory; see the memory section).",
            f"- After a reload and after a promotion, the next {args.window} s of load show the pool's next "
            "spare booting (and warming up) beside the serving workers.",
            "- Steady-state throughput is router-bench.md's: a spare takes no connection, so the router figures "
            "do not change with it.", ""]
    with open(path, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sections", default=",".join(SECTIONS))
    ap.add_argument("--systems", default=",".join(SYSTEMS))
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--window", type=int, default=10, help="seconds of load before and after a reload")
    ap.add_argument("--settle", type=int, default=3, help="seconds of quiet before a kill, a reload, a reading")
    ap.add_argument("--client-addresses", type=int, default=0)
    ap.add_argument("--doc", default=os.path.join(ROOT, "docs", "spares-bench.md"))
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args()
    args.sections = [x for x in args.sections.split(",") if x]
    args.systems = [x for x in args.systems.split(",") if x]
    for x in args.sections + args.systems:
        if x not in SECTIONS + SYSTEMS:
            sys.exit(f"unknown section or system {x}")
    require_jars()
    pm2ver = pm2_version() if "pm2" in args.systems else None
    client_addresses(args.client_addresses)
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    cds_dir = os.path.join(tempfile.mkdtemp(prefix="ck-cds"), "cds")
    res = {}
    try:
        if any(n.startswith("clusterkit") for n in args.systems):
            first = ClusterKit(2, 0, cds_dir)  # records the class archive: not a figure
            first.stop()
        for section in args.sections:
            res[section] = globals()[f"section_{section}"](args, cds_dir, pm2ver)
    finally:
        stop_all()
    load_end = os.getloadavg()[0]
    print()
    for t, f, ok in targets(res):
        print(f"  {'met ' if ok else 'MISS'} {t}: {f}")
    if not args.no_doc:
        json_path = os.path.splitext(args.doc)[0] + ".json"
        this = {"date": f"{started:%Y-%m-%d %H:%M}", "machine": machine_line}
        sources = {section: this for section in res}
        res, sources = keep_earlier(json_path, res, sources)
        with open(json_path, "w") as f:
            json.dump({**this, "runs": args.runs, "results": res, "sources": sources}, f, indent=1)
        write_doc(args.doc, args, res, machine_line, started, load_end, sources)


def keep_earlier(json_path, res, sources):
    """Adds the sections of the previous run's JSON that this run did not measure, in the order of
    SECTIONS, with the run each came from."""
    try:
        with open(json_path) as f:
            prev = json.load(f)
    except (OSError, ValueError):
        return res, sources
    prev_sources = prev.get("sources", {})
    merged, merged_sources = {}, {}
    for section in SECTIONS:
        if section in res:
            merged[section], merged_sources[section] = res[section], sources[section]
        elif section in prev.get("results", {}):
            merged[section] = prev["results"][section]
            merged_sources[section] = prev_sources.get(
                section, {"date": prev.get("date", "?"), "machine": prev.get("machine", "?")})
    return merged, merged_sources


if __name__ == "__main__":
    main()

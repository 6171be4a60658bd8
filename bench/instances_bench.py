#!/usr/bin/env python3
"""One JVM with N verticle instances beside ClusterKit with N workers: what the processes cost
and what they give.

Both run io.clusterkit.examples.gc.PauseVerticle (GET / answers at once, GET /gc?mb=M makes M MB
live and runs a full, stop-the-world collection): `one-jvm` is a plain Vert.x JVM with N event
loops and N instances (StandaloneHello), `clusterkit` a launcher with N workers. Phase by phase,
each in --rounds rounds with the two systems in a new random order, it measures:
  throughput  wrk on GET / for --duration s: req/s and p99;
  gc          the same while a client sends GET /gc?mb=M, one after another: p99 of GET /;
  crash       the same, with a kill -9 at a third of the run: of one worker for clusterkit, of
              the JVM for one-jvm, which is started again at once (as systemd's Restart=always
              would): failed requests, and the seconds until full capacity is back (clusterkit:
              the slot's replacement READY; one-jvm: the new JVM answering).
RSS of each process tree is read once both are up. Medians over rounds; writes
docs/instances-bench.md.

Needs: mvn -DskipTests package, wrk. Never run it while tests or other benchmarks run.
"""

import argparse
import datetime
import json
import os
import random
import threading
import time
import urllib.request

from benchlib import (EXAMPLES, LAUNCHER, ROOT, Launcher, Proc, command_line, free_port,
                      http_ok, identity, install_cleanup, kill_if_same, machine, med, parse_wrk,
                      require_jars, stop_all)

DOC = os.path.join(ROOT, "docs", "instances-bench.md")
PAUSE = "io.clusterkit.examples.gc.PauseVerticle"
SYSTEMS = ["one-jvm", "clusterkit"]


class OneJvm:
    """The plain JVM, restartable on the same port."""

    def __init__(self, instances):
        self.instances = instances
        self.port = free_port()
        self.proc = None
        self.start()

    def start(self):
        self.proc = Proc(["java", "-Xmx256m", "-cp", f"{LAUNCHER}:{EXAMPLES}",
                          "io.clusterkit.examples.hello.StandaloneHello", str(self.port),
                          str(self.instances), PAUSE], name="one-jvm")
        self.proc.wait_for(r"listening", timeout=120)

    def crash(self):
        """kill -9, then a new JVM at once; returns when it answers."""
        kill_if_same({self.proc.pid: identity(self.proc.pid)})
        self.proc.proc.wait(30)
        self.proc.stop()
        self.proc = Proc(["java", "-Xmx256m", "-cp", f"{LAUNCHER}:{EXAMPLES}",
                          "io.clusterkit.examples.hello.StandaloneHello", str(self.port),
                          str(self.instances), PAUSE], name="one-jvm")
        deadline = time.monotonic() + 120
        while not http_ok(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("the restarted one-jvm did not answer within 120 s")
            time.sleep(0.05)

    def rss(self):
        return self.proc.tree_rss_mb()


class Cluster:
    """The ClusterKit launcher with N workers."""

    def __init__(self, workers):
        self.launcher = Launcher(workers, verticle=PAUSE, name="clusterkit")
        self.port = self.launcher.wait_ready()

    def crash(self):
        """kill -9 of the newest READY worker; returns when its slot's replacement is READY."""
        # a READY line, not a spawn line: a slot given a spare (-spares) spawns nothing
        found = self.launcher.matches(r"slot (\d+) gen (\d+) pid (\d+): STARTING -> READY")
        slot, gen, pid = [int(x) for x in found[-1].groups()]
        start = len(self.launcher.lines)
        kill_if_same({pid: identity(pid)})
        self.launcher.wait_for(rf"slot {slot} gen {gen + 1} pid \d+: STARTING -> READY",
                               timeout=180, start=start)
        self.launcher.remember_children()

    def rss(self):
        return self.launcher.tree_rss_mb()


def wrk(port, duration, connections):
    return Proc(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout",
                 "5s", f"http://127.0.0.1:{port}/"], name="wrk")


def finish(p, duration):
    p.proc.wait(duration + 120)
    p.stop()
    return parse_wrk(p.output())


def gc_client(port, mb, stop, pauses):
    """GET /gc?mb=M one after another until stop is set; collects the reported pauses."""
    while not stop.is_set():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/gc?mb={mb}", timeout=30) as a:
                pauses.append(json.loads(a.read())["gcMs"])
        except OSError:
            time.sleep(0.1)


def phase(system, name, args):
    port = system.port
    load = wrk(port, args.duration, args.connections)
    extra = {}
    if name == "gc":
        stop, pauses = threading.Event(), []
        t = threading.Thread(target=gc_client, args=(port, args.gc_mb, stop, pauses), daemon=True)
        t.start()
        result = finish(load, args.duration)
        stop.set()
        t.join(60)
        extra["gc_ms"] = med(pauses)
    elif name == "crash":
        time.sleep(args.duration / 3)  # the kill lands in the run, not before it
        began = time.monotonic()
        system.crash()
        extra["back_s"] = time.monotonic() - began
        result = finish(load, args.duration)
    else:
        result = finish(load, args.duration)
    result.update(extra)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=15, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=None, help="default: 2 x --duration")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--n", type=int, default=os.cpu_count(), help="instances and workers")
    ap.add_argument("--gc-mb", type=int, default=100, help="MB live in each GC-heavy request")
    ap.add_argument("--phases", default="throughput,gc,crash")
    ap.add_argument("--no-doc", action="store_true")
    ap.add_argument("--doc", default=DOC, help="the page to write")
    args = ap.parse_args()
    args.warmup = args.warmup if args.warmup is not None else 2 * args.duration
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    require_jars()
    install_cleanup()
    began = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    runs = {(s, p): [] for s in SYSTEMS for p in phases}
    try:
        systems = {"one-jvm": OneJvm(args.n), "clusterkit": Cluster(args.n)}
        rss = {s: systems[s].rss() for s in SYSTEMS}
        for s in SYSTEMS:
            if args.warmup > 0:
                print(f"warming {s} for {args.warmup} s", flush=True)
                finish(wrk(systems[s].port, args.warmup, args.connections), args.warmup)
        # phase by phase: a crash restarts one-jvm cold, so crashes come last
        for p in phases:
            for r in range(args.rounds):
                for s in random.sample(SYSTEMS, len(SYSTEMS)):
                    result = phase(systems[s], p, args)
                    runs[(s, p)].append(result)
                    print(f"round {r + 1} {p:10} {s:10}: {result['rps']:9.0f} req/s, p99 "
                          f"{result['p99_ms']:8.2f} ms, failed {result['failed']}"
                          + (f", gc {result['gc_ms']:.0f} ms" if "gc_ms" in result else "")
                          + (f", back in {result['back_s']:.2f} s" if "back_s" in result
                             else ""), flush=True)
    finally:
        stop_all()

    def m(s, p, key):
        return med([x[key] for x in runs[(s, p)] if key in x])

    lines = [
        "# One JVM with N instances, or N workers",
        "",
        f"Written by `{command_line('instances_bench.py')}` on {began:%Y-%m-%d %H:%M} (local "
        "time); rerun it (after `mvn -B -DskipTests package`) to replace this page.",
        "",
        f"Machine: {machine_line}.",
        "",
        f"`io.clusterkit.examples.gc.PauseVerticle` on one plain Vert.x JVM with {args.n} event "
        f"loops and {args.n} instances (`one-jvm`), and on ClusterKit with {args.n} workers "
        f"(`clusterkit`), both started together. Every run is `wrk -t1 -c{args.connections} "
        f"-d{args.duration}s` on `GET /`; {args.rounds} rounds, the two systems in a random "
        f"order in each round, phase after phase (crashes last: they leave one-jvm cold); "
        "medians over the rounds. RSS: each process tree once both were "
        f"up: one-jvm {rss['one-jvm']:.0f} MB, clusterkit {rss['clusterkit']:.0f} MB (the "
        "launcher and its workers).",
        "",
        "| phase | system | req/s | p99 ms | wrk errors | more |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for p in phases:
        for s in SYSTEMS:
            more = ""
            if p == "gc":
                more = f"each GC-heavy request's collection: {m(s, p, 'gc_ms'):.0f} ms"
            elif p == "crash":
                more = f"full capacity back in {m(s, p, 'back_s'):.2f} s"
            lines.append(f"| {p} | {s} | {m(s, p, 'rps'):,.0f} | {m(s, p, 'p99_ms'):.2f} | "
                         f"{m(s, p, 'failed'):.0f} | {more} |")
    lines += [
        "",
        "Phases: `throughput` is `GET /` alone; `gc` the same while one client sends "
        f"`GET /gc?mb={args.gc_mb}` one after another (each makes {args.gc_mb} MB live and runs a "
        "full collection, which stops its whole JVM); `crash` the same with a `kill -9` a third "
        "into the run: of one worker for clusterkit (the launcher starts a replacement), of the "
        "JVM for one-jvm, started again at once as systemd's `Restart=always` would. `wrk errors` "
        "are its socket errors plus non-2xx answers: while nothing listens, each of wrk's "
        "connections fails its connect again and again, so a down JVM counts many errors a "
        "second, not one per request a client would have sent.",
        "",
    ]
    for p in phases:
        for s in SYSTEMS:
            print(f"{p:10} {s:10} {m(s, p, 'rps'):9.0f} req/s p99 {m(s, p, 'p99_ms'):8.2f} ms "
                  f"failed {m(s, p, 'failed'):.0f}")
    if args.no_doc:
        return
    with open(args.doc, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {args.doc}")


if __name__ == "__main__":
    main()

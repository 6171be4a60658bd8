#!/usr/bin/env python3
"""Several hosts, one cluster: event-bus request/reply and shared-map figures between hosts,
beside the same on one host, and the time for a host to join and to be declared gone.
Writes docs/hosts-bench.md.

The hosts are Linux network namespaces this script makes (ckb1..ckb3 on a bridge, a free /24
under 10.213.0.0/16) and removes again, whatever happens; each runs a launcher of one cluster
(-cluster-name, -members, -cluster-host) with io.clusterkit.examples.bench.StateBenchVerticle.
The one-host anchor is a launcher on its own with 2 workers, in the first namespace. Needs root.

Usage: sudo python3 bench/hosts_bench.py [--runs 5] [--seconds 2] [--cycles 5] [--workers 2]
       [--no-doc]   (a smoke run: --runs 1 --seconds 1 --cycles 1 --no-doc, about 2 minutes)
Needs: mvn -DskipTests package (launcher.jar, examples.jar). Traffic stays on loopback and the
namespaces' own addresses.
"""
import argparse
import datetime
import json
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from benchlib import (EXAMPLES, LAUNCHER, ROOT, Proc, command_line, identity, install_cleanup,
                      kill_if_same, machine, med, require_jars)

VERTICLE = "io.clusterkit.examples.bench.StateBenchVerticle"
DOC = os.path.join(ROOT, "docs", "hosts-bench.md")
PORT = 8080
ANCHOR_PORT = 8081

# (key, what, where: "one" or "hosts", path, parameters)
FIGURES = [
    ("rr1", "event-bus request/reply, 1 in flight", "/bench/rr", {"inflight": 1}),
    ("rr64", "event-bus request/reply, 64 in flight", "/bench/rr", {"inflight": 64}),
    ("put64", "map put, 64 in flight", "/bench/map", {"op": "put", "inflight": 64}),
    ("get64", "map get, 64 in flight", "/bench/map", {"op": "get", "inflight": 64}),
    ("counter64", "counter increments, 64 in flight", "/bench/counter", {"inflight": 64}),
]


def ip(*args, check=True):
    r = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


class Net:
    """Three namespaces on a bridge; remove() takes everything away again."""

    def __init__(self):
        routes = ip("-4", "route")
        third = next(t for t in range(20, 250) if f"10.213.{t}." not in routes)
        self.prefix = f"10.213.{third}"
        self.bridge = "ckb-br"
        self.names = []
        try:
            ip("link", "add", self.bridge, "type", "bridge")
            ip("addr", "add", f"{self.prefix}.254/24", "dev", self.bridge)
            ip("link", "set", self.bridge, "up")
            for i in (1, 2, 3):
                ns = f"ckb{i}"
                ip("netns", "add", ns)
                self.names.append(ns)
                ip("link", "add", f"ckb{i}-v", "type", "veth", "peer", "name", "eth0", "netns", ns)
                ip("link", "set", f"ckb{i}-v", "master", self.bridge, "up")
                ip("-n", ns, "addr", "add", f"{self.address(i)}/24", "dev", "eth0")
                ip("-n", ns, "link", "set", "eth0", "up")
                ip("-n", ns, "link", "set", "lo", "up")
        except Exception:
            self.remove()
            raise

    def address(self, i):
        return f"{self.prefix}.{i}"

    def remove(self):
        for ns in self.names:
            ip("netns", "del", ns, check=False)
        self.names = []
        ip("link", "del", self.bridge, check=False)


def launcher(net, i, workers, cluster):
    a = net.address(i)
    return Proc(["ip", "netns", "exec", f"ckb{i}", "java", "-Xmx256m", "-jar", LAUNCHER,
                 "-workers", str(workers), "-port", str(PORT), "-host", a, "-name", f"h{i}",
                 "-grace", "5", "-cluster-name", cluster, "-cluster-host", a,
                 "-members", ",".join(net.address(j) for j in (1, 2, 3)),
                 "-cp", EXAMPLES, VERTICLE], name=f"h{i}")


def call(host, port, path, params, seconds):
    """One figure from the worker that serves this connection, another on a 409 (its target)."""
    url = f"http://{host}:{port}{path}?{urllib.parse.urlencode(params)}"
    for _ in range(8):
        try:
            with urllib.request.urlopen(url, timeout=seconds + 30) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            if e.code != 409:
                raise RuntimeError(f"{url}: {e.code} {e.read().decode(errors='replace')}")
    raise RuntimeError(f"{url}: every answer was 409")


def figure(net, where, key, path, params, args):
    base = {"n": args.ops, "ms": int(args.seconds * 1000), **params}
    if where == "one":
        if key.startswith("rr"):
            base["to"] = 1
        return call(net.address(1), ANCHOR_PORT, path, base, args.seconds)
    if key.startswith("rr"):
        base.update({"host": "h2", "to": 0})
    return call(net.address(1), PORT, path, base, args.seconds)


def cycles(net, hosts, args, cluster):
    """kill -9 of host 3 (launcher and workers), then start it again: seconds until host 1 logs
    it gone, and until host 3's launcher has joined and is ready."""
    gone, joined, ready = [], [], []
    for c in range(args.cycles):
        h3 = hosts[2]
        h3.remember_children()
        mark = len(hosts[0].lines)
        t_kill = time.monotonic()
        # the launcher, its workers and its spare, each only if still the process it was
        kill_if_same({h3.pid: identity(h3.pid), **h3.children})
        h3.proc.wait()
        t_gone, _, _ = hosts[0].wait_for(r"host h3 .*left the cluster", 120, mark)
        gone.append(t_gone - t_kill)
        h3.stop(1)
        hosts[2] = launcher(net, 3, args.workers, cluster)
        t_joined, _, _ = hosts[2].wait_for(r"cluster '.*': joined", 180)
        t_ready, _, _ = hosts[2].wait_for(r"ClusterKit ready", 180)
        joined.append(t_joined - hosts[2].t0)
        ready.append(t_ready - hosts[2].t0)
        print(f"cycle {c + 1}: declared gone after {gone[-1]:.2f} s; restarted host joined after "
              f"{joined[-1]:.2f} s, ready after {ready[-1]:.2f} s", flush=True)
    return gone, joined, ready


def write_doc(rows, gone, joined, ready, args, machine_line, started):
    out = [
        "# Several hosts, one cluster: figures",
        "",
        f"Written by `sudo {command_line('hosts_bench.py')}` on {started:%Y-%m-%d %H:%M} "
        "(local time).",
        "Rerun it (after `mvn -B -DskipTests package`) to replace this page.",
        "",
        f"Machine: {machine_line}.",
        "",
    ]
    if args.note:
        out += [f"**{args.note}**", ""]
    out += [
        "Three hosts are Linux network namespaces of this one machine, joined by veth pairs and a",
        f"bridge; each runs a launcher with {args.workers} worker(s) of",
        "`io.clusterkit.examples.bench.StateBenchVerticle`, all of one cluster (`-cluster-name`,",
        "`-members`, `-cluster-host`, backup count 1). The one-host anchor is a launcher on its own",
        "(2 workers) in the first namespace. Each figure is a bounded loop run inside a worker of",
        "host 1 (see docs/state-bench.md for the method); request/reply goes to a worker of host 2",
        "across hosts, to the other worker of the launcher on one host. Runs alternate the two, the",
        f"table gives medians of {args.runs} runs. The namespaces share the machine's cores and",
        "memory and their links add no wire delay: the difference measured is that of the data",
        "layout (partitions spread over three launchers, each write also copied to a backup on",
        "another host) and of the extra hops, not of a network.",
        "",
        "| figure | one host ops/s | three hosts ops/s | ratio | one host p50 µs | three hosts p50 µs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for what, one, many in rows:
        ratio = many["ops"] / one["ops"] if one["ops"] else float("nan")
        out.append(f"| {what} | {one['ops']:,.0f} | {many['ops']:,.0f} | {ratio:.2f}x "
                   f"| {one['p50']:,.0f} | {many['p50']:,.0f} |")
    out += [
        "",
        f"Host 3 killed (`kill -9` of its launcher and workers) and started again, {args.cycles} "
        "times (medians):",
        "",
        "| figure | median | lowest..highest |",
        "| --- | ---: | ---: |",
        f"| kill -9 -> host 1 logs the host gone | {med(gone):.2f} s | {min(gone):.2f}..{max(gone):.2f} s |",
        f"| launcher start -> joined the cluster (`cluster '...': joined`) | {med(joined):.2f} s "
        f"| {min(joined):.2f}..{max(joined):.2f} s |",
        f"| launcher start -> `ClusterKit ready` | {med(ready):.2f} s | {min(ready):.2f}..{max(ready):.2f} s |",
        "",
        "A host whose processes die is declared gone as soon as the kernel resets their",
        "connections, as here; one that vanishes from the network without a reset (a power cut, a",
        "cable) only after the failure detector's bound, 15 s without a heartbeat (see the README,",
        "\"When a host is declared gone\").",
        "",
    ]
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs of every figure (median)")
    ap.add_argument("--seconds", type=float, default=2, help="time limit of one figure's loop")
    ap.add_argument("--ops", type=int, default=200_000, help="operation limit of one loop")
    ap.add_argument("--cycles", type=int, default=5, help="kill -9 / restart cycles of host 3")
    ap.add_argument("--workers", type=int, default=2, help="workers of each of the three hosts")
    ap.add_argument("--note", default="", help="a line to put at the top of the doc")
    ap.add_argument("--no-doc", action="store_true", help="print only, leave docs/ alone")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root: it makes network namespaces")
    require_jars()
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    cluster = f"ckb-{os.getpid()}"
    net = Net()
    hosts = []
    try:
        hosts = [launcher(net, i, args.workers, cluster) for i in (1, 2, 3)]
        anchor = Proc(["ip", "netns", "exec", "ckb1", "java", "-Xmx256m", "-jar", LAUNCHER,
                       "-workers", "2", "-port", str(ANCHOR_PORT), "-host", net.address(1),
                       "-name", "anchor", "-grace", "5", "-cp", EXAMPLES, VERTICLE],
                      name="anchor")
        for p in hosts + [anchor]:
            p.wait_for(r"ClusterKit ready", 300)
            p.remember_children()
        for h in hosts:
            h.wait_for(r"cluster '.*': joined", 60)
        print("three hosts and the anchor are ready", flush=True)
        results = {(key, where): [] for key, *_ in FIGURES for where in ("one", "hosts")}
        for key, _, path, params in FIGURES:  # warm-up
            for where in ("one", "hosts"):
                figure(net, where, key, path, {**params, "ms": 1000}, args)
        for run in range(args.runs):
            line = []
            for key, _, path, params in FIGURES:
                for where in (("one", "hosts") if run % 2 == 0 else ("hosts", "one")):
                    r = figure(net, where, key, path, params, args)
                    results[(key, where)].append(r)
                line.append(f"{key} {med([r['opsPerSec'] for r in results[(key, 'one')]]):.0f}"
                            f" vs {med([r['opsPerSec'] for r in results[(key, 'hosts')]]):.0f}/s")
            print(f"run {run + 1}: " + ", ".join(line), flush=True)
        anchor.stop()
        gone, joined, ready = cycles(net, hosts, args, cluster)
        rows = []
        for key, what, _, _ in FIGURES:
            rows.append((what, *({"ops": med([r["opsPerSec"] for r in results[(key, w)]]),
                                  "p50": med([r["p50Us"] for r in results[(key, w)]])}
                                 for w in ("one", "hosts"))))
        print()
        for what, one, many in rows:
            print(f"  {what:<45} one host {one['ops']:9.0f}/s p50 {one['p50']:6.0f} us   "
                  f"three hosts {many['ops']:9.0f}/s p50 {many['p50']:6.0f} us")
        print(f"  declared gone {med(gone):.2f} s, joined {med(joined):.2f} s, ready {med(ready):.2f} s")
        if not args.no_doc:
            write_doc(rows, gone, joined, ready, args, machine_line, started)
    finally:
        for h in hosts:
            h.stop(30)
        net.remove()


if __name__ == "__main__":
    main()

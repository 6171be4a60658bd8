#!/usr/bin/env python3
"""Router figures: req/s, p99 latency and RSS of hello world served by one plain JVM, by
ClusterKit with 2 workers in each balancing strategy (and in forward mode, and with the
application's own listen shared instead of serve(): own-listen), and by Node's
cluster module with 2 workers; wrk keep-alive and `Connection: close`; ratios to the plain JVM
and to the Node cluster, each the median of pairs of runs made seconds apart (interleaved
passes over systems that are all up). Writes docs/router-bench.md, docs/router-bench.json (the
raw runs) and docs/router-bench.png.

Usage: python3 bench/router_bench.py [--duration 5] [--rounds 2] [--passes 3] [--systems plain,...]
(the defaults take about 30 minutes with 9 systems, most of it the 30 s warm-ups; --rounds 1
--passes 1 --warmup 10 --duration 2 about 5, for a validation run)
Needs: mvn -DskipTests package, wrk, node; matplotlib for the chart (python3-matplotlib).
Traffic goes to 127.0.0.1 only.
"""
import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import time

from benchlib import (HELLO, ROOT, USAGE_EXIT, Launcher, Proc, command_line, free_port,
                      install_cleanup, machine, med, require_jars, start_plain, stop_all, wrk,
                      wrk_report, client_addresses)

DOC = os.path.join(ROOT, "docs", "router-bench.md")
DATA = os.path.join(ROOT, "docs", "router-bench.json")
CHART = os.path.join(ROOT, "docs", "router-bench.png")
NODE_CLUSTER = os.path.join(ROOT, "bench", "node-cluster", "cluster.js")
MODES = ("keep-alive", "close")
BASELINES = ("plain", "node")
# ClusterKit systems: name -> launcher options to try in turn (options, extra environment);
# an alternative rejected as a usage error (exit 2) falls through to the next one
CLUSTERKIT = {
    "round-robin": [(["-balance", "round-robin"], {})],
    "least-conn": [(["-balance", "least-conn"], {})],
    "ip-hash": [(["-balance", "ip-hash"], {})],
    "reuseport": [(["-balance", "reuseport"], {})],
    "forward": [(["-router", "forward"], {})],
    # the same hello world listening by itself (no serve()): the launcher shares its port
    "own-listen": [(["-balance", "round-robin"], {})],
    # workers run io_uring by default where the kernel allows it; these insist on epoll
    "round-robin-epoll": [(["-balance", "round-robin", "-transport", "epoll"], {})],
    "reuseport-epoll": [(["-balance", "reuseport", "-transport", "epoll"], {})],
}
DEFAULT_SYSTEMS = ["plain", "round-robin", "own-listen", "least-conn", "ip-hash", "reuseport",
                   "forward", "round-robin-epoll", "node"]
# systems whose verticle listens by itself: name -> verticle; the port benchmarked is the one it
# listens on (given with -conf), not the launcher's -port
OWN_LISTEN = {"own-listen": "io.clusterkit.examples.hello.OwnListenHello"}
# mode -> (minimum ratio to the plain JVM, minimum ratio to the Node cluster)
TARGETS = {"keep-alive": (0.9, 1.4), "close": (0.75, 1.5)}


def start_clusterkit(name, workers):
    """Starts a launcher for system name; returns (launcher, port, how), or None if every
    alternative was refused as a usage error (an option this launcher does not have)."""
    for options, env in CLUSTERKIT[name]:
        how = " ".join(options + [f"{k}={v}" for k, v in env.items()]) or "(defaults)"
        verticle, own_port = OWN_LISTEN.get(name, HELLO), None
        if name in OWN_LISTEN:
            own_port = free_port()
            options = options + ["-conf", json.dumps({"http.port": own_port, "http.host": "127.0.0.1"})]
            how = f"{how}, {verticle.rsplit('.', 1)[1]} listening on {own_port} by itself"
        launcher = Launcher(workers, 0, verticle, options, env or None, name=f"clusterkit {name}")
        try:
            port = launcher.wait_ready()
            port = own_port or port
        except RuntimeError:
            code = launcher.proc.poll()
            launcher.stop()
            if code == USAGE_EXIT:
                said = launcher.output().strip().splitlines()
                print(f"  {name}: the launcher refuses {how} (exit 2): {said[0] if said else ''}")
                continue
            raise
        mode = launcher.matches(r"router mode (\w+)")
        transport = launcher.matches(r"workers serve clients on Netty's (\S+) transport")
        return launcher, port, (how + (f", router mode {mode[0].group(1)}" if mode else "")
                                + (f", {transport[0].group(1)} workers" if transport else ""))
    return None


def start_node(workers):
    port = free_port()
    node = Proc(["node", NODE_CLUSTER], env={"PORT": str(port), "WORKERS": str(workers)},
                name="node cluster")
    node.wait_for(r"^EV \S+ ready", timeout=60)
    node.remember_children()
    return node, port, f"cluster.js WORKERS={workers} (SCHED=rr, Node's default on Linux)"


def start_systems(names, workers):
    """Starts every system once, each on its own port: name -> (process, port, how)."""
    systems, skipped = {}, {}
    for name in names:
        print(f"starting {name}...", flush=True)
        if name == "plain":
            port = free_port()
            systems[name] = (start_plain(port, workers), port, f"StandaloneHello {port} {workers}")
        elif name == "node":
            systems[name] = start_node(workers)
        elif name in CLUSTERKIT:
            started = start_clusterkit(name, workers)
            if started is None:
                skipped[name] = "the launcher rejects the option (exit 2): not available in this build"
                print(f"  skipping {name}: {skipped[name]}", flush=True)
                continue
            systems[name] = started
        else:
            known = ["plain", "node"] + list(CLUSTERKIT)
            sys.exit(f"unknown system {name}; known: {', '.join(known)}")
        print(f"  {name}: port {systems[name][1]}, {systems[name][2]}", flush=True)
    return systems, skipped


def children_cpu_seconds():
    """User + system CPU of the children this script has waited for: wrk's runs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(system, mode, args, others):
    """One measured wrk run of a system: req/s, p99, RSS, errors, the system's CPU per request
    (its whole process tree) and the CPU the other, idle systems used meanwhile (in cores)."""
    proc, port, _ = system
    before, t0 = proc.tree_cpu_seconds(), time.monotonic()
    idle_before = sum(o.tree_cpu_seconds() for o in others)
    wrk_before = children_cpu_seconds()
    try:
        r = wrk_report(port, args.duration, args.connections, mode == "close")
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print(f"  {mode}: wrk failed: {e}", flush=True)
        return {"rps": float("nan"), "p99ms": float("nan"), "rss_mb": proc.tree_rss_mb(),
                "failed": -1, "cpu_us_per_req": float("nan"), "cores": float("nan"), "wrk_cores": float("nan"),
                "idle_cores": float("nan")}
    cpu, idle = proc.tree_cpu_seconds() - before, sum(o.tree_cpu_seconds() for o in others) - idle_before
    took = time.monotonic() - t0
    return {"rps": r["rps"], "p99ms": r["p99_ms"], "rss_mb": proc.tree_rss_mb(), "failed": r["failed"],
            "cpu_us_per_req": cpu / r["requests"] * 1e6 if r["requests"] else float("nan"),
            "cores": cpu / took, "wrk_cores": (children_cpu_seconds() - wrk_before) / took,
            "idle_cores": idle / took}


def run_rounds(names, args):
    """Rounds: each starts every system afresh (each on its own port), warms each one up alone
    with each load, then runs passes; a pass measures every system once per load, one after the
    other, in an order rotated by one system each pass, so a ratio pairs runs made a few seconds
    apart. Returns (systems, skipped, runs[mode][name] = per-pass dicts, in the same order for
    every system)."""
    runs = {mode: {n: [] for n in names} for mode in MODES}
    systems, skipped = {}, {}
    print(f"{args.rounds} rounds of {len(names)} systems started together, warm-up {args.warmup} s "
          f"per system and load, then {args.passes} interleaved passes of {args.duration} s runs",
          flush=True)
    for r in range(args.rounds):
        started, refused = start_systems([n for n in names if n not in skipped], args.workers)
        skipped.update(refused)
        systems.update(started)
        try:
            for n in started:
                for mode in MODES:
                    wrk(started[n][1], args.warmup, args.connections, mode == "close")
            for p in range(args.passes):
                k = (r * args.passes + p) % len(started)
                order = list(started)[k:] + list(started)[:k]
                for mode in MODES:
                    for n in order:
                        others = [started[o][0] for o in started if o != n]
                        runs[mode][n].append(measure(started[n], mode, args, others))
                    print(f"round {r + 1} pass {p + 1} {mode}: " + ", ".join(
                        f"{n} {runs[mode][n][-1]['rps']:.0f}" for n in order), flush=True)
        finally:
            for n in reversed(list(started)):
                started[n][0].stop()
    for n in skipped:
        for mode in MODES:
            runs[mode].pop(n, None)
    return systems, skipped, runs


def ratios(runs, mode, name, base):
    a, b = runs[mode].get(name), runs[mode].get(base)
    if not a or not b:
        return float("nan")
    return med([x["rps"] / y["rps"] for x, y in zip(a, b) if y["rps"] > 0])


def table(runs, names):
    """rows[mode] = list of (name, req/s, p99 ms, RSS MB, CPU us/req, x plain, x node, errors,
    verdicts)."""
    rows = {}
    for mode in MODES:
        rows[mode] = []
        lo_plain, lo_node = TARGETS[mode]
        for n in names:
            rs = runs[mode][n]
            xp = ratios(runs, mode, n, "plain") if n != "plain" else float("nan")
            xn = ratios(runs, mode, n, "node") if n != "node" else float("nan")
            errs = sum(1 for x in rs if x["failed"])
            verdict = ""
            if n in CLUSTERKIT:
                verdict = " ".join(f"{v}{'PASS' if ok else 'MISS'}" for v, ok in (
                    ("plain:", xp >= lo_plain), ("node:", xn >= lo_node)) if v)
            rows[mode].append((n, med([x["rps"] for x in rs]), med([x["p99ms"] for x in rs]),
                               med([x["rss_mb"] for x in rs]), med([x["cpu_us_per_req"] for x in rs]),
                               xp, xn, errs, verdict))
    return rows


def fmt_ratio(x, target=None):
    if x != x:
        return "—"
    if target is None:
        return f"{x:.2f}x"
    return f"{x:.2f}x {'PASS' if x >= target else 'MISS'}"


def print_table(rows, args):
    print()
    print(f"medians of {args.rounds} rounds x {args.passes} passes, wrk -t1 -c{args.connections} "
          f"-d{args.duration}s, 2 workers / 2 event loops; ratio = median of per-pass pairs")
    for mode in MODES:
        lp, ln = TARGETS[mode]
        print(f"{mode}: targets >= {lp}x plain, >= {ln}x node")
        print(f"  {'system':<12} {'req/s':>9} {'p99 ms':>7} {'RSS MB':>7} {'CPU us/req':>10} {'x plain':>14} {'x node':>14} {'runs w/ errors':>14}")
        for n, rps, p99, rss, cpu, xp, xn, errs, _ in rows[mode]:
            ck = n in CLUSTERKIT
            print(f"  {n:<12} {rps:9.0f} {p99:7.2f} {rss:7.0f} {cpu:10.1f} {fmt_ratio(xp, lp if ck else None):>14} "
                  f"{fmt_ratio(xn, ln if ck else None):>14} {errs:>14}")


def write_doc(rows, runs, systems, skipped, args, machine_line, started):
    cmd = command_line("router_bench.py")
    def over(field, names):
        return med([x[field] for mode in MODES for n in names for x in runs[mode].get(n, [])])
    idle = [x["idle_cores"] for mode in MODES for rs in runs[mode].values() for x in rs]
    idle_median, idle_max = med(idle), max((x for x in idle if x == x), default=float("nan"))
    ours = [n for n in runs[MODES[0]] if n in CLUSTERKIT]
    idle_bases, idle_ours = over("idle_cores", BASELINES), over("idle_cores", ours)
    wrk_cores = {mode: med([x["wrk_cores"] for rs in runs[mode].values() for x in rs]) for mode in MODES}
    out = ["# Router figures: ClusterKit vs one plain JVM vs Node's cluster module", "",
           f"Written by `{cmd}` on {started:%Y-%m-%d %H:%M} (local time); rerun it (after",
           "`mvn -B -DskipTests package`) to replace this page, the chart and `router-bench.json`.", "",
           f"Machine: {machine_line}. The run took {(datetime.datetime.now() - started).seconds / 60:.0f} min.", ""]
    if args.note:
        out += [f"**{args.note}**", ""]
    out += ["![req/s and p99 per system](router-bench.png)", ""]
    for mode in MODES:
        lp, ln = TARGETS[mode]
        title = "keep-alive" if mode == "keep-alive" else "`Connection: close` (a new connection per request)"
        out += [f"## {title}", "",
                f"Targets for every ClusterKit strategy: ≥ {lp}x the plain JVM and ≥ {ln}x the Node cluster.", "",
                "| system | req/s | p99 ms | RSS MB | CPU µs per request | x plain JVM | x Node cluster | runs with errors |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for n, rps, p99, rss, cpu, xp, xn, errs, _ in rows[mode]:
            ck = n in CLUSTERKIT
            out.append(f"| {n} | {rps:,.0f} | {p99:.2f} | {rss:,.0f} | {cpu:.1f} | {fmt_ratio(xp, lp if ck else None)} "
                       f"| {fmt_ratio(xn, ln if ck else None)} | {errs} |")
        out.append("")
    out += ["## Systems", "", "| system | started as |", "| --- | --- |"]
    for n, (_, port, how) in systems.items():
        what = {"plain": "one JVM, `java -cp launcher.jar:examples.jar io.clusterkit.examples.hello.StandaloneHello PORT 2` "
                         "(HelloVerticle, 2 event loops, 2 instances, not clustered, on Vert.x's default transport: NIO)",
                "node": f"`node bench/node-cluster/cluster.js`, {how}"}.get(
            n, f"`java -jar launcher.jar -workers 2 -port 0 ... {OWN_LISTEN.get(n, HELLO)}`, {how}")
        out.append(f"| {n} | {what} |")
    for n, why in skipped.items():
        out.append(f"| {n} | skipped: {why} |")
    out += ["", "## Method", "",
            f"- {args.rounds} round{'s' if args.rounds != 1 else ''}. Each round starts every system afresh, each on its own port (JIT",
            "  and all), and warms each one up in turn with one wrk run per load "
            f"({args.warmup} s each); then",
            f"  {args.passes} pass{'es each measure' if args.passes != 1 else ' measures'} every system once with keep-alive, then once more with",
            f"  `Connection: close` (`wrk -t1 -c{args.connections} -d{args.duration}s --latency "
            "http://127.0.0.1:PORT/`,",
            "  `-H 'Connection: close'` for the second), one system after the other, in an order rotated",
            "  by one system each pass. The systems not under load stay up meanwhile, idle: they used a",
            f"  median {idle_median:.1%} of one core during a run (at most {idle_max:.1%}: Hazelcast's",
            "  and the JVMs' background threads, timers), measured from /proc beside each run: "
            f"{idle_bases:.1%} while",
            f"  the plain JVM or the Node cluster was measured (every cluster idle), {idle_ours:.1%} while a",
            "  ClusterKit system was. wrk itself used a median "
            + " and ".join(f"{wrk_cores[m]:.2f} cores with {m}" for m in MODES) + ".",
            "- A ratio pairs a system's run with the plain JVM's (or the Node cluster's) run of the same",
            "  pass and load, made seconds apart, so the machine's drift (other tenants, frequency) hits",
            "  both alike; the table gives the median of those per-pass ratios, and the medians of the",
            "  absolute figures. Targets are judged on the median ratio.",
            "- CPU per request is the user + system CPU the system's whole process tree used during the",
            "  run (the launcher and its workers; Node's primary and its workers), from /proc, over the",
            "  requests wrk completed; wrk's own CPU is not in it.",
            "- p99 is wrk's latency distribution. RSS is the sum of `VmRSS` over the system's process tree",
            "  (the launcher and its workers; Node's primary and its workers), read from /proc right after",
            "  each run; the table gives its median.",
            "- The plain JVM's and the Node cluster's rows give their ratio to each other, for",
            "  information; PASS/MISS applies to the ClusterKit rows.",
            ("\n".join([
                f"- wrk's connections come from {args.client_addresses} client addresses (127.0.0.2 and up,",
                "  in turn: `bench/clientaddr`, an LD_PRELOAD shim that binds each socket before its",
                "  connect), as real clients come from many; so `ip-hash` spreads them over the workers as",
                "  it would real clients, and every system sees the same clients."])
             if args.client_addresses > 0 else
             "- Every wrk connection comes from 127.0.0.1, so `ip-hash` pins all of them to one worker:"
             " its row measures one worker taking the whole load, not a spread."),
            "- Nothing is pinned: wrk and the servers share the machine's cores, as they would in a",
            "  one-machine test. `forward` is ClusterKit's portable fallback router (bytes copied by the",
            "  launcher), shown for reference. The raw runs are in `router-bench.json`.", ""]
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


def chart(data_file, png):
    """Draws the grouped bars; returns False if matplotlib is missing here."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    with open(data_file) as f:
        data = json.load(f)
    names = data["systems"]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    width = 0.38
    for ax, field, label in ((axes[0], "rps", "requests/s (median)"), (axes[1], "p99ms", "p99 latency, ms (median)")):
        for i, mode in enumerate(MODES):
            vals = [med([x[field] for x in data["runs"][mode][n]]) for n in names]
            xs = [j + (i - 0.5) * width for j in range(len(names))]
            bars = ax.bar(xs, vals, width, label=mode if mode == "keep-alive" else "Connection: close")
            ax.bar_label(bars, fmt="%.0f" if field == "rps" else "%.1f", fontsize=7)
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels(names, rotation=20)
        ax.set_title(label)
        ax.legend(fontsize=8)
    fig.suptitle(f"hello world, 2 workers / event loops, wrk -t1 -c{data['connections']} "
                 f"-d{data['duration']}s, {data['date']}" + (" (short validation run)" if data.get("short") else ""),
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    plt.close(fig)
    return True


def draw_chart():
    if chart(DATA, CHART):
        print(f"wrote {os.path.relpath(CHART, ROOT)}")
        return
    # this interpreter lacks matplotlib: Debian's python3-matplotlib lives in /usr/bin/python3
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        if subprocess.run(["/usr/bin/python3", __file__, "--chart-only"]).returncode == 0:
            return
    print("no chart: matplotlib is missing (apt-get install -y python3-matplotlib)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=2, help="rounds, each with every system started afresh")
    ap.add_argument("--passes", type=int, default=3, help="measured passes per round; rounds x passes "
                    "pairs per ratio, >= 5 for figures")
    # the JIT needs 20-30 s of Connection: close load before a launcher's and its workers'
    # hand-off paths are compiled (about 4.5k, 7.2k, then 8.3k connections/s in 10 s windows)
    ap.add_argument("--warmup", type=int, default=None, help="seconds of warm-up per system and load, after each start (default: 6 x --duration)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--client-addresses", type=int, default=64,
                    help="wrk connects from this many 127.0.0.x addresses (0: 127.0.0.1 only)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS),
                    help=f"comma-separated, from: {','.join(DEFAULT_SYSTEMS)}")
    ap.add_argument("--note", default="", help="a line to put at the top of the doc")
    ap.add_argument("--no-doc", action="store_true", help="print only, leave docs/ alone")
    ap.add_argument("--chart-only", action="store_true", help="redraw the PNG from docs/router-bench.json")
    args = ap.parse_args()
    if args.chart_only:
        if not chart(DATA, CHART):
            sys.exit(1)
        print(f"wrote {os.path.relpath(CHART, ROOT)} (with {sys.executable})")
        return
    args.warmup = args.warmup or 6 * args.duration
    pairs = args.rounds * args.passes
    if pairs < 5:
        print(f"note: {pairs} pairs per ratio, fewer than the 5 a published ratio needs")
        if not args.note:
            args.note = (f"Only {pairs} pairs per ratio: fewer than the 5 the figures need; "
                         "a validation run, not figures to quote.")
    require_jars()
    client_addresses(args.client_addresses)
    install_cleanup()
    started = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    names = [s.strip() for s in args.systems.split(",") if s.strip()]
    try:
        systems, skipped, runs = run_rounds(names, args)
    finally:
        stop_all()
    rows = table(runs, list(systems))
    print_table(rows, args)
    if args.no_doc:
        return
    with open(DATA, "w") as f:
        json.dump({"date": f"{started:%Y-%m-%d %H:%M}", "machine": machine_line,
                   "duration": args.duration, "rounds": args.rounds, "passes": args.passes,
                   "connections": args.connections, "short": pairs < 5, "systems": list(systems), "skipped": skipped,
                   "runs": runs}, f, indent=1)
    write_doc(rows, runs, systems, skipped, args, machine_line, started)
    draw_chart()


if __name__ == "__main__":
    main()

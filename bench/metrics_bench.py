#!/usr/bin/env python3
"""What -metrics costs: hello world on 2 workers with metrics off and on, side by side.

Runs the router bench's interleaved rounds (see router_bench.py) with keep-alive load on four
systems started together: the plain JVM and Node's cluster as anchors, and ClusterKit's default
round-robin hand-off cluster with and without `-metrics`. The metrics-on launcher is scraped once a
second for the whole round, as a Prometheus server would. Prints req/s, p99, RSS and CPU per
request, and the cost of metrics as 1 - (metrics-on / metrics-off), the median of per-pass pairs;
writes docs/metrics-bench.md.

Needs: mvn -DskipTests package, wrk, node. Never run it while tests or other benchmarks run.
"""

import argparse
import datetime
import os
import threading
import urllib.request

import router_bench as rb
from benchlib import ROOT, command_line, machine, med, require_jars, stop_all, client_addresses, \
    install_cleanup

DOC = os.path.join(ROOT, "docs", "metrics-bench.md")
OFF, ON = "metrics-off", "metrics-on"
SYSTEMS = ["plain", OFF, ON, "node"]
# the cost metrics may have to be on by default (README: "Monitor it")
DEFAULT_ON_MAX_COST = 0.03

rb.MODES = ("keep-alive",)
rb.CLUSTERKIT[OFF] = [(["-balance", "round-robin"], {})]
rb.CLUSTERKIT[ON] = [(["-balance", "round-robin", "-metrics", "0"], {})]
scrapes = {"ok": 0, "failed": 0, "bytes": []}


def scrape_every_second(url, launcher):
    """Scrapes url once a second while the launcher runs, as Prometheus would."""
    stop = threading.Event()

    def loop():
        while not stop.wait(1.0) and launcher.proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    scrapes["bytes"].append(len(answer.read()))
                    scrapes["ok"] += 1
            except OSError:
                scrapes["failed"] += 1

    threading.Thread(target=loop, daemon=True, name="scraper").start()
    return stop


_start = rb.start_clusterkit


def start_clusterkit(name, workers):
    started = _start(name, workers)
    if started is not None and name == ON:
        found = started[0].matches(r"metrics for Prometheus on (http://\S+/metrics)")
        if not found:
            raise RuntimeError("the metrics-on launcher printed no metrics endpoint")
        scrape_every_second(found[0].group(1), started[0])
    return started


rb.start_clusterkit = start_clusterkit


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--passes", type=int, default=4)
    ap.add_argument("--warmup", type=int, default=None, help="default: 6 x --duration")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--client-addresses", type=int, default=64)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args()
    args.warmup = args.warmup or 6 * args.duration
    require_jars()
    client_addresses(args.client_addresses)
    install_cleanup()
    began = datetime.datetime.now()
    machine_line = machine()
    print(machine_line, flush=True)
    try:
        systems, skipped, runs = rb.run_rounds(SYSTEMS, args)
    finally:
        stop_all()
    if skipped:
        raise SystemExit(f"systems not run: {skipped}")
    mode = "keep-alive"
    on_off = rb.ratios(runs, mode, ON, OFF)
    p99_ratio = med([a["p99ms"] / b["p99ms"] for a, b in zip(runs[mode][ON], runs[mode][OFF])
                     if b["p99ms"] > 0])
    cost = 1 - on_off
    rows = rb.table(runs, list(systems))
    rb.print_table(rows, args)
    verdict = "within" if cost <= DEFAULT_ON_MAX_COST else "over"
    print(f"\nmetrics on / off: {on_off:.3f}x req/s (cost {cost * 100:.1f} %, {verdict} the "
          f"{DEFAULT_ON_MAX_COST * 100:.0f} % line), p99 {p99_ratio:.2f}x; scrapes: "
          f"{scrapes['ok']} answered, {scrapes['failed']} failed, median "
          f"{med(scrapes['bytes']) / 1024:.0f} KiB")
    if args.no_doc:
        return
    pairs = args.rounds * args.passes
    lines = [
        "# What `-metrics` costs",
        "",
        f"Written by `{command_line('metrics_bench.py')}` on {began:%Y-%m-%d %H:%M} (local "
        "time); rerun it (after `mvn -B -DskipTests package`) to replace this page.",
        "",
        f"Machine: {machine_line}.",
        "",
        f"Hello world, {args.workers} workers, keep-alive load (`wrk -t1 -c{args.connections} "
        f"-d{args.duration}s` from {args.client_addresses} client addresses), {args.rounds} rounds "
        f"x {args.passes} interleaved passes ({pairs} pairs per ratio), medians. `{ON}` is the "
        "default round-robin hand-off cluster with `-metrics 0`, scraped once a second for the "
        f"whole round ({scrapes['ok']} scrapes answered, {scrapes['failed']} failed, median "
        f"{med(scrapes['bytes']) / 1024:.0f} KiB each); `{OFF}` the same without it.",
        "",
        "| system | req/s | p99 ms | RSS MB | CPU µs per request | x plain JVM | x Node cluster |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, rps, p99, rss, cpu, xp, xn, errs, _ in rows[mode]:
        lines.append(f"| {n} | {rps:,.0f} | {p99:.2f} | {rss:.0f} | {cpu:.1f} | "
                     f"{rb.fmt_ratio(xp)} | {rb.fmt_ratio(xn)} |")
    lines += [
        "",
        f"**Metrics on / off: {on_off:.3f}x the requests per second, a cost of "
        f"{cost * 100:.1f} %** (median of per-pass pairs), p99 {p99_ratio:.2f}x. The line for "
        f"metrics on by default is {DEFAULT_ON_MAX_COST * 100:.0f} %: the cost is {verdict} it.",
        "",
    ]
    with open(DOC, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


if __name__ == "__main__":
    main()

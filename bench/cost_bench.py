#!/usr/bin/env python3
"""What the optional metrics and the default connection limits cost: hello world on 2 workers.

Runs the router bench's interleaved rounds (see router_bench.py) on five systems started
together: the plain JVM and Node's cluster as anchors, and ClusterKit's default round-robin
hand-off cluster three ways: as it comes (`defaults`: serve()'s head, keep-alive and request
timeouts and its connection limit on, no metrics), with `-metrics` (scraped once a second for the
whole round, as a Prometheus server would), and with those limits off (`no-limits`). Prints req/s,
p99, RSS and CPU per request, and two costs, each the median of per-pass pairs: metrics as
1 - metrics/defaults, the limits as 1 - defaults/no-limits; writes docs/cost-bench.md.

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

DOC = os.path.join(ROOT, "docs", "cost-bench.md")
OFF, ON, UNLIMITED = "defaults", "metrics", "no-limits"
SYSTEMS = ["plain", OFF, ON, UNLIMITED, "node"]
# the cost metrics may have to be on by default (README: "Monitor it")
DEFAULT_ON_MAX_COST = 0.03

rb.CLUSTERKIT[OFF] = [(["-balance", "round-robin"], {})]
rb.CLUSTERKIT[ON] = [(["-balance", "round-robin", "-metrics", "0"], {})]
rb.CLUSTERKIT[UNLIMITED] = [(["-balance", "round-robin", "-header-timeout", "0",
                              "-keepalive-timeout", "0", "-request-timeout", "0",
                              "-max-connections", "0"], {})]
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
    ap.add_argument("--modes", default="keep-alive",
                    help="comma-separated: keep-alive, close (Connection: close)")
    ap.add_argument("--no-doc", action="store_true")
    args = ap.parse_args()
    rb.MODES = tuple(m.strip() for m in args.modes.split(",") if m.strip())
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
    rows = rb.table(runs, list(systems))
    rb.print_table(rows, args)
    costs = {}
    for mode in rb.MODES:
        metrics = 1 - rb.ratios(runs, mode, ON, OFF)
        limits = 1 - rb.ratios(runs, mode, OFF, UNLIMITED)
        p99 = med([a["p99ms"] / b["p99ms"] for a, b in zip(runs[mode][ON], runs[mode][OFF])
                   if b["p99ms"] > 0])
        costs[mode] = (metrics, limits, p99)
        print(f"{mode}: metrics cost {metrics * 100:.1f} % of req/s (p99 {p99:.2f}x), "
              f"connection limits cost {limits * 100:.1f} %")
    print(f"scrapes: {scrapes['ok']} answered, {scrapes['failed']} failed, median "
          f"{med(scrapes['bytes']) / 1024:.0f} KiB")
    if args.no_doc:
        return
    pairs = args.rounds * args.passes
    lines = [
        "# What metrics and the connection limits cost",
        "",
        f"Written by `{command_line('cost_bench.py')}` on {began:%Y-%m-%d %H:%M} (local time); "
        "rerun it (after `mvn -B -DskipTests package`) to replace this page.",
        "",
        f"Machine: {machine_line}.",
        "",
        f"Hello world, {args.workers} workers, `wrk -t1 -c{args.connections} -d{args.duration}s` "
        f"from {args.client_addresses} client addresses, {args.rounds} rounds x {args.passes} "
        f"interleaved passes ({pairs} pairs per ratio), medians. `{OFF}` is the default "
        f"round-robin hand-off cluster; `{ON}` the same with `-metrics 0`, scraped once a second "
        f"for the whole round ({scrapes['ok']} scrapes answered, {scrapes['failed']} failed, "
        f"median {med(scrapes['bytes']) / 1024:.0f} KiB each); `{UNLIMITED}` the same with "
        "`-header-timeout 0 -keepalive-timeout 0 -request-timeout 0 -max-connections 0`.",
        "",
    ]
    for mode in rb.MODES:
        metrics, limits, p99 = costs[mode]
        lines += [
            f"## {mode}",
            "",
            "| system | req/s | p99 ms | RSS MB | CPU µs per request | x plain JVM | x Node cluster |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for n, rps, p99ms, rss, cpu, xp, xn, errs, _ in rows[mode]:
            lines.append(f"| {n} | {rps:,.0f} | {p99ms:.2f} | {rss:.0f} | {cpu:.1f} | "
                         f"{rb.fmt_ratio(xp)} | {rb.fmt_ratio(xn)} |")
        verdict = "within" if metrics <= DEFAULT_ON_MAX_COST else "over"
        lines += [
            "",
            (f"- **Metrics: {metrics * 100:.1f} % fewer requests per second**" if metrics >= 0
             else f"- **Metrics: no cost measured** ({-metrics * 100:.1f} % more requests per "
                  "second, the noise of this run)")
            + f" ({ON} / {OFF}, median of per-pass pairs), p99 {p99:.2f}x; {verdict} the "
            f"{DEFAULT_ON_MAX_COST * 100:.0f} % a default-on feature may cost.",
            f"- **Connection limits: {limits * 100:.1f} %** ({OFF} / {UNLIMITED}).",
            "",
        ]
    with open(DOC, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


if __name__ == "__main__":
    main()

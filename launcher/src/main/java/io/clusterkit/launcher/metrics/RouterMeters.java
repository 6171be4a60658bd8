package io.clusterkit.launcher.metrics;

import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * One router's series, read from its {@link RouterStats} at each scrape: connections accepted,
 * given to each slot's worker, made to wait for a READY worker, answered 503, closed for their
 * PROXY header, and open now. Every series carries the router's public port as its {@code port}
 * label: the router of {@code -port} and one per port the workers' own servers listen on share
 * the series names. Under {@code reuseport} the workers accept by themselves and these stay at
 * zero.
 */
final class RouterMeters {

  private final MeterRegistry registry;
  private final RouterStats stats;
  private final Map<Integer, FunctionCounter> routed = new ConcurrentHashMap<>();
  private final String port;

  RouterMeters(MeterRegistry registry, ConnectionRouter router, int port) {
    this.registry = registry;
    this.stats = router.stats();
    this.port = Integer.toString(port);
    counter("clusterkit.router.connections.accepted", "Connections the public port accepted",
        RouterStats::accepted);
    counter("clusterkit.router.connections.queued",
        "Connections that waited because no worker could take them", RouterStats::queued);
    counter("clusterkit.router.unavailable",
        "Connections answered 503: no worker became READY within -queue-timeout",
        RouterStats::unavailable);
    counter("clusterkit.router.proxy.header.errors",
        "Connections closed for a missing, malformed or late PROXY header (-proxy-protocol)",
        RouterStats::proxyHeaderErrors);
    Gauge.builder("clusterkit.router.connections.open", router, ConnectionRouter::activeConnections)
        .description("Client connections the launcher holds now: waiting, forwarded, or being "
            + "answered 503")
        .tag("port", this.port).register(registry);
  }

  private void counter(String name, String description, ToDoubleFunction<RouterStats> value) {
    FunctionCounter.builder(name, stats, value).description(description).tag("port", port)
        .register(registry);
  }

  /** Adds a series for every slot that has been routed to since the last scrape. */
  void refresh() {
    for (Integer slot : stats.routed().keySet()) {
      routed.computeIfAbsent(slot, s -> FunctionCounter
          .builder("clusterkit.router.connections.routed", stats,
              st -> st.routed().getOrDefault(s, 0L).doubleValue())
          .description("Connections given to a slot's worker (handed off or forwarded)")
          .tag("port", port).tag("slot", Integer.toString(s)).register(registry));
    }
  }
}

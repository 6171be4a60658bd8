package io.clusterkit.launcher.metrics;

import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.sticky.ConnectionRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The launcher's own series: workers by state, restarts by slot, worker exits by slot, cause and
 * whether they were planned, reloads by outcome, worker boot times, scrape errors by slot, and
 * each router's, by port ({@link #bindRouter}). Thread-safe.
 */
public final class LauncherMeters {

  private static final Duration[] BOOT_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3),
      Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(13),
      Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Supplier<List<WorkerInfo>> workers;
  private final Timer boots;
  /** The restarts of each slot as of the latest refresh; slots scaled away are removed. */
  private final Map<Integer, Integer> restarts = new ConcurrentHashMap<>();
  private final Map<Integer, Meter> restartMeters = new ConcurrentHashMap<>();
  /** One per open public port: -port's and each port of the workers' own listens. */
  private final List<RouterMeters> routers = new CopyOnWriteArrayList<>();

  /**
   * Creates the launcher's meters.
   *
   * @param workers a snapshot of every slot, read at each scrape
   */
  public LauncherMeters(Supplier<List<WorkerInfo>> workers) {
    this.workers = workers;
    for (WorkerState state : WorkerState.values()) {
      Gauge.builder("clusterkit.workers", () -> count(state))
          .description("Worker slots by the state of their process").tag("state", state.name())
          .register(registry);
    }
    boots = Timer.builder("clusterkit.worker.boot")
        .description("Time from a worker's spawn to its READY (and admission by the health "
            + "check, if any)")
        .serviceLevelObjectives(BOOT_BUCKETS).register(registry);
  }

  /**
   * Adds a router's series, labelled with its port, once that port is open.
   *
   * @param router a router of the launcher: on {@code -port}, or on a port the workers' own
   *     servers listen on
   * @param port the public port it accepts on
   */
  public void bindRouter(ConnectionRouter router, int port) {
    routers.add(new RouterMeters(registry, router, port));
  }

  private int count(WorkerState state) {
    return (int) workers.get().stream().filter(w -> w.state() == state).count();
  }

  /**
   * Counts a worker's exit.
   *
   * @param exit how it ended
   */
  public void exited(WorkerExit exit) {
    Counter.builder("clusterkit.worker.exits")
        .description("Worker process exits, by slot, cause and whether the launcher asked for it")
        .tag("slot", Integer.toString(exit.slot())).tag("cause", ExitCause.of(exit))
        .tag("planned", Boolean.toString(exit.planned()))
        .register(registry).increment();
  }

  /**
   * Records how long a worker took from its spawn to READY.
   *
   * @param took the time
   */
  public void booted(Duration took) {
    boots.record(took);
  }

  /**
   * Counts a reload's end.
   *
   * @param outcome {@code done}, {@code refused} or {@code failed}
   */
  public void reloaded(String outcome) {
    Counter.builder("clusterkit.reloads").description("Reloads, by outcome")
        .tag("outcome", outcome).register(registry).increment();
  }

  /**
   * Counts a worker whose scrape failed or timed out: its series are missing from that scrape.
   *
   * @param slot the worker's slot
   */
  void scrapeFailed(int slot) {
    Counter.builder("clusterkit.scrape.errors")
        .description("Worker scrapes that failed or timed out, by slot")
        .tag("slot", Integer.toString(slot)).register(registry).increment();
  }

  /**
   * Writes the launcher's series, after reading the slots' restart counts.
   *
   * @param openMetrics OpenMetrics rather than the text format
   * @return the exposition
   */
  String scrape(boolean openMetrics) {
    refreshRestarts();
    routers.forEach(RouterMeters::refresh);
    return openMetrics ? registry.scrape(Exposition.OPENMETRICS) : registry.scrape();
  }

  private void refreshRestarts() {
    Map<Integer, Integer> now = new HashMap<>();
    for (WorkerInfo worker : workers.get()) {
      now.put(worker.slot(), worker.restarts());
    }
    restarts.putAll(now);
    for (Integer slot : now.keySet()) {
      restartMeters.computeIfAbsent(slot, s -> FunctionCounter
          .builder("clusterkit.worker.restarts", restarts,
              map -> map.getOrDefault(s, 0).doubleValue())
          .description("Replacement processes spawned in a slot: crash restarts, health and "
              + "memory replacements, reloads (clusterkit_worker_exits_total says why)")
          .tag("slot", Integer.toString(s)).register(registry));
    }
    for (Integer slot : List.copyOf(restartMeters.keySet())) {
      if (!now.containsKey(slot)) {
        registry.remove(restartMeters.remove(slot));
        restarts.remove(slot);
      }
    }
  }
}

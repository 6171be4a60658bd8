package io.clusterkit.launcher.health;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.sticky.WorkerKey;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.Heartbeat;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The launcher's view of its workers' health, from their heartbeats: it keeps each worker's
 * latest figures for {@code status} (heap, RSS, connections, requests a second), and once a
 * second checks every READY worker. A worker whose beats stopped for the heartbeat timeout, or
 * whose event loop has been blocked past {@code -max-blocked}, is reported unhealthy (replaced
 * unroute-first); one whose heap after GC is past {@code -max-memory}, or that has received its
 * {@code -max-requests} ({@link RequestLimit}), is recycled (replaced drain-first, one slot at a
 * time). Used on the supervisor's context only.
 */
public final class HealthMonitor {

  /**
   * A worker's latest heartbeat, the request rate between its last two, and the one before it
   * (null for its first), from which the live view computes its rates.
   */
  public record Beat(long atNanos, Heartbeat heartbeat, double requestsPerSecond,
      long previousAtNanos, Heartbeat previous) {

    /** @return the heartbeat's figures, as the worker sent them */
    public JsonObject figures() {
      return heartbeat.toJson();
    }
  }

  private final Vertx vertx;
  private final Supplier<List<WorkerInfo>> workers;
  private final Consumer<Event> supervisor;
  private final long timeoutNanos;
  private final long maxBlockedMillis;
  private final long maxMemoryBytes;
  private final RequestLimit requestLimit;
  private final Map<Long, Beat> beats = new HashMap<>();
  private final Map<Long, Long> readySince = new HashMap<>();
  private final Set<Long> reported = new HashSet<>();

  /**
   * Creates the monitor; nothing runs before {@link #start()}.
   *
   * @param vertx the launcher's Vert.x
   * @param workers a snapshot of every slot's current worker
   * @param supervisor where Unhealthy and Recycle events go, on the supervisor's context
   * @param timeout how long a READY worker may go without a heartbeat
   * @param maxBlocked how long a worker's event loop may stay blocked
   * @param maxMemoryBytes the heap-after-GC ceiling per worker, 0 for none
   */
  public HealthMonitor(Vertx vertx, Supplier<List<WorkerInfo>> workers, Consumer<Event> supervisor,
      Duration timeout, Duration maxBlocked, long maxMemoryBytes) {
    this(vertx, workers, supervisor, timeout, maxBlocked, maxMemoryBytes, RequestLimit.none());
  }

  /**
   * Creates the monitor with a request limit; nothing runs before {@link #start()}.
   *
   * @param vertx the launcher's Vert.x
   * @param workers a snapshot of every slot's current worker
   * @param supervisor where Unhealthy and Recycle events go, on the supervisor's context
   * @param timeout how long a READY worker may go without a heartbeat
   * @param maxBlocked how long a worker's event loop may stay blocked
   * @param maxMemoryBytes the heap-after-GC ceiling per worker, 0 for none
   * @param requestLimit when a worker has served enough requests to be recycled
   */
  public HealthMonitor(Vertx vertx, Supplier<List<WorkerInfo>> workers, Consumer<Event> supervisor,
      Duration timeout, Duration maxBlocked, long maxMemoryBytes, RequestLimit requestLimit) {
    this.requestLimit = requestLimit;
    this.vertx = vertx;
    this.workers = workers;
    this.supervisor = supervisor;
    this.timeoutNanos = timeout.toNanos();
    this.maxBlockedMillis = maxBlocked.toMillis();
    this.maxMemoryBytes = maxMemoryBytes;
  }

  /** How long a worker may leave handed-off sockets unreported before it is replaced. */
  public static final Duration HANDOFF_STALL_LIMIT = Duration.ofSeconds(10);

  /** How long a worker process has left handed-off client sockets unreported. */
  @FunctionalInterface
  public interface HandoffStalls {

    /**
     * Says how long a worker has left sockets unreported.
     *
     * @param slot the worker's slot
     * @param gen its generation
     * @return how long, {@link Duration#ZERO} when none is in flight
     */
    Duration stalled(int slot, int gen);
  }

  private volatile HandoffStalls handoffStalls;

  /**
   * Also replaces a READY worker that leaves handed-off sockets unreported longer than
   * {@link #HANDOFF_STALL_LIMIT}: one that cannot take sockets any more (out of descriptors, a
   * receiver gone wrong) while its heartbeats still come.
   *
   * @param stalls the router's figures
   * @return this monitor
   */
  public HealthMonitor watchHandoff(HandoffStalls stalls) {
    this.handoffStalls = stalls;
    return this;
  }

  /** Listens for heartbeats and starts checking; both run on the caller's context. */
  public void start() {
    vertx.eventBus().<JsonObject>consumer(Addresses.local(Addresses.LAUNCHER_HEARTBEAT),
        message -> beat(message.body()));
    vertx.setPeriodic(Heartbeat.INTERVAL_MILLIS, id -> check());
  }

  /**
   * Gives the latest heartbeat of a worker.
   *
   * @param slot the slot
   * @param gen the generation
   * @return the latest heartbeat, or null when none came yet
   */
  public Beat latest(int slot, int gen) {
    return beats.get(WorkerKey.of(slot, gen));
  }

  private void beat(JsonObject figures) {
    Heartbeat heartbeat;
    try {
      heartbeat = Heartbeat.fromJson(figures);
    } catch (IllegalArgumentException e) {
      return;
    }
    int slot = heartbeat.slot();
    int gen = heartbeat.gen();
    long now = System.nanoTime();
    Beat previous = beats.get(WorkerKey.of(slot, gen));
    double rate = 0;
    if (previous != null && now > previous.atNanos()) {
      long requests = heartbeat.requests() - previous.heartbeat().requests();
      rate = requests * 1e9 / (now - previous.atNanos());
    }
    beats.put(WorkerKey.of(slot, gen), new Beat(now, heartbeat, rate,
        previous == null ? 0 : previous.atNanos(), previous == null ? null
            : previous.heartbeat()));
  }

  private void check() {
    long now = System.nanoTime();
    List<WorkerInfo> current = workers.get();
    Set<Long> live = new HashSet<>();
    for (WorkerInfo worker : current) {
      long key = WorkerKey.of(worker.slot(), worker.gen());
      live.add(key);
      if (worker.state() != WorkerState.READY) {
        continue;
      }
      readySince.putIfAbsent(key, now);
      if (reported.contains(key)) {
        continue;
      }
      Beat beat = beats.get(key);
      long lastSign = beat != null ? beat.atNanos() : readySince.get(key);
      String problem = null;
      Event event = null;
      if (now - lastSign > timeoutNanos) {
        problem = "no heartbeat for " + Duration.ofNanos(now - lastSign).toMillis() + " ms";
        event = new Event.Unhealthy(worker.slot(), worker.gen(), problem);
      } else if (beat != null && beat.heartbeat().blockedMs() > maxBlockedMillis) {
        problem = "event loop blocked for " + beat.heartbeat().blockedMs() + " ms (over "
            + "-max-blocked " + maxBlockedMillis + " ms)";
        event = new Event.Unhealthy(worker.slot(), worker.gen(), problem);
      } else if (beat != null && maxMemoryBytes > 0
          && beat.heartbeat().heapAfterGc() > maxMemoryBytes) {
        problem = "heap after GC " + mb(beat.heartbeat().heapAfterGc()) + " over "
            + "-max-memory " + mb(maxMemoryBytes);
        event = new Event.Recycle(worker.slot(), worker.gen(), problem);
      }
      HandoffStalls stalls = handoffStalls;
      Duration stalled = event != null || stalls == null ? Duration.ZERO
          : stalls.stalled(worker.slot(), worker.gen());
      if (stalled.compareTo(HANDOFF_STALL_LIMIT) > 0) {
        problem = "took no handed-off connection for " + stalled.toMillis() + " ms (over "
            + HANDOFF_STALL_LIMIT.toMillis() + " ms): it cannot take sockets (out of descriptors?)";
        event = new Event.Unhealthy(worker.slot(), worker.gen(), problem);
      }
      if (event == null && beat != null) {
        problem = requestLimit.due(key, beat.heartbeat().requests());
        event = problem == null ? null : new Event.Recycle(worker.slot(), worker.gen(), problem);
      }
      if (event != null) {
        reported.add(key);
        supervisor.accept(event);
      }
    }
    beats.keySet().retainAll(live);
    readySince.keySet().retainAll(live);
    reported.retainAll(live);
    requestLimit.retain(live);
  }

  private static String mb(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }
}

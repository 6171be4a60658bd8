package io.clusterkit.launcher.health;

import io.clusterkit.launcher.HealthCheckOptions;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.sticky.WorkerKey;
import io.clusterkit.launcher.supervisor.Event;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's HTTP health check of its workers ({@code -health PATH}). Each worker's own
 * server answers it on a private address the worker names in its READY report, never through the
 * public port (which could land on another worker).
 *
 * <p>Readiness: a worker's READY report is held (by its {@link ReadinessGate}), and handed to
 * the supervisor as {@link Event.Ready} only once a check of the worker has passed; until then it
 * is checked every {@value #ADMIT_RETRY_MILLIS} ms, and the supervisor's boot timeout ends a
 * worker that never passes. Liveness (here): every interval each READY worker is checked; after the configured failures
 * in a row it is reported {@link Event.Unhealthy} (replaced unroute-first). A check passes on a
 * 2xx or 3xx answer within the timeout (see {@link HealthCheckClient}: non-blocking, one client
 * for the launcher's life). Used on the supervisor's context only.
 */
public final class HealthProbe {

  /** Between two checks of a worker that reported READY and has not passed one yet. */
  static final long ADMIT_RETRY_MILLIS = 200;

  /**
   * How long a starting worker's checks may answer nothing but 404 before the path is taken for
   * a wrong {@code -health}: its first boot then fails at once instead of at the boot timeout.
   */
  static final Duration NOT_FOUND_LIMIT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

  private final Vertx vertx;
  private final HealthCheckOptions options;
  private final String check;
  private final Supplier<List<WorkerInfo>> workers;
  private final Consumer<Event> supervisor;
  private final HealthCheckClient client;
  private final Map<Long, SocketAddress> addresses = new HashMap<>();
  private final Map<Long, ProbeTally> tallies = new HashMap<>();
  private final Set<Long> inFlight = new HashSet<>();
  private final ReadinessGate gate;

  /**
   * Creates the check; nothing runs before {@link #start()} or {@link #admit}.
   *
   * @param vertx the launcher's Vert.x
   * @param options the path, interval, timeout and failure limit
   * @param workers a snapshot of every slot's current worker
   * @param supervisor where Ready and Unhealthy events go, on the supervisor's context
   */
  public HealthProbe(Vertx vertx, HealthCheckOptions options, Supplier<List<WorkerInfo>> workers,
      Consumer<Event> supervisor) {
    this(vertx, options, workers, supervisor, NOT_FOUND_LIMIT);
  }

  /**
   * Creates the check with another limit for answers of 404 only (see {@link #NOT_FOUND_LIMIT}).
   *
   * @param vertx the launcher's Vert.x
   * @param options the path, interval, timeout and failure limit
   * @param workers a snapshot of every slot's current worker
   * @param supervisor where Ready, BootRejected and Unhealthy events go
   * @param notFoundLimit how long a starting worker may answer only 404
   */
  HealthProbe(Vertx vertx, HealthCheckOptions options, Supplier<List<WorkerInfo>> workers,
      Consumer<Event> supervisor, Duration notFoundLimit) {
    this.vertx = vertx;
    this.options = new HealthCheckOptions(options);
    this.check = "GET " + options.getPath();
    this.workers = workers;
    this.supervisor = supervisor;
    this.client = new HealthCheckClient(vertx, options.getPath(), options.getTimeout());
    this.gate = new ReadinessGate(vertx, this.options, check, client, addresses,
        (slot, gen) -> isCurrent(slot, gen, WorkerState.STARTING), supervisor,
        key -> tallies.put(key, new ProbeTally(check, options.getFailures())), notFoundLimit);
  }

  /** Starts checking READY workers every interval, on the caller's context. */
  public void start() {
    vertx.setPeriodic(options.getInterval().toMillis(), id -> {
      try {
        checkReady();
      } catch (RuntimeException e) {
        log.error("health check round failed", e);
      }
    });
  }

  /**
   * Takes a worker's READY report: the supervisor gets {@link Event.Ready} once a check of the
   * worker has passed. A repeated report of a worker already waiting changes nothing.
   *
   * @param slot the worker's slot
   * @param gen the worker's generation
   * @param pid the worker's process id, for log lines
   * @param address where the worker answers checks, or null when it reported none
   */
  public void admit(int slot, int gen, long pid, SocketAddress address) {
    admit(slot, gen, pid, address, false);
  }

  /**
   * Takes a worker's READY report, as {@link #admit(int, int, long, SocketAddress)} does, for a
   * worker whose checked server may speak TLS (a server of the worker's own).
   *
   * @param slot the worker's slot
   * @param gen the worker's generation
   * @param pid the worker's process id, for log lines
   * @param address where the worker answers checks, or null when it reported none
   * @param tls whether the server there speaks TLS
   */
  public void admit(int slot, int gen, long pid, SocketAddress address, boolean tls) {
    long key = WorkerKey.of(slot, gen);
    if (gate.waits(key) || tallies.containsKey(key)) {
      return;
    }
    if (address != null) {
      addresses.put(key, address);
      client.speaksTls(address, tls);
    }
    gate.admit(slot, gen, pid);
  }

  private void checkReady() {
    Set<Long> live = new HashSet<>();
    for (WorkerInfo worker : workers.get()) {
      long key = WorkerKey.of(worker.slot(), worker.gen());
      live.add(key);
      ProbeTally tally = tallies.get(key);
      SocketAddress address = addresses.get(key);
      if (worker.state() != WorkerState.READY || tally == null || address == null
          || tally.replaced() || !inFlight.add(key)) {
        continue;
      }
      client.check(address).onComplete(ar -> {
        inFlight.remove(key);
        if (isCurrent(worker.slot(), worker.gen(), WorkerState.READY)) {
          counted(worker, tally, ar.result());
        }
      });
    }
    addresses.keySet().retainAll(live);
    client.retainTls(addresses.values());
    tallies.keySet().retainAll(live);
    gate.retain(live);
  }

  private void counted(WorkerInfo worker, ProbeTally tally, ProbeOutcome outcome) {
    int before = tally.failures();
    String reason = tally.record(outcome);
    if (!outcome.passed()) {
      log.warn("slot {} gen {} pid {} - health check {} failed ({} of {} in a row): {}",
          worker.slot(), worker.gen(), worker.pid(), check, tally.failures(), tally.limit(),
          outcome.detail());
    } else if (before > 0) {
      log.info("slot {} gen {} pid {} - health check {} passed again after {} failed", worker.slot(),
          worker.gen(), worker.pid(), check, before);
    }
    if (reason != null) {
      supervisor.accept(new Event.Unhealthy(worker.slot(), worker.gen(), reason));
    }
  }

  /**
   * The health of a worker for {@code status}.
   *
   * @param slot the slot
   * @param gen the generation
   * @return {@code failures} (in a row now), {@code lastFailure} when one failed,
   *     {@code waiting} (true while a starting worker has not passed a check), once admitted
   *     {@code admittedAfterMs} (from its READY report to the passing check),
   *     {@code admitChecks} and {@code refusedWith} (what the latest check that held it back
   *     answered, absent when the first passed), and {@code probe}; null when the worker has not
   *     reported READY
   */
  public JsonObject state(int slot, int gen) {
    long key = WorkerKey.of(slot, gen);
    ProbeTally tally = tallies.get(key);
    String wait = gate.waitingFor(key);
    if (tally == null && wait == null) {
      return null;
    }
    JsonObject state = new JsonObject()
        .put("waiting", tally == null)
        .put("failures", tally == null ? 0 : tally.failures());
    String last = tally == null ? wait : tally.lastFailure();
    if (last != null) {
      state.put("lastFailure", last);
    }
    ReadinessGate.Admission admission = gate.admission(key);
    if (admission != null) {
      state.put("admittedAfterMs", admission.afterMillis())
          .put("admitChecks", admission.checks());
      if (admission.lastRefusal() != null) {
        state.put("refusedWith", admission.lastRefusal());
      }
    }
    SocketAddress address = addresses.get(key);
    if (address != null) {
      state.put("probe", address.isDomainSocket() ? "unix:" + address.path()
          : address.host() + ":" + address.port());
      if (client.tls(address)) {
        state.put("probeTls", true);
      }
    }
    return state;
  }

  /**
   * Describes the check's settings for {@code status}.
   *
   * @return its path, interval, timeout and failure limit
   */
  public JsonObject describe() {
    return new JsonObject()
        .put("path", options.getPath())
        .put("intervalMs", options.getInterval().toMillis())
        .put("timeoutMs", options.getTimeout().toMillis())
        .put("failures", options.getFailures());
  }

  private boolean isCurrent(int slot, int gen, WorkerState state) {
    for (WorkerInfo worker : workers.get()) {
      if (worker.slot() == slot) {
        return worker.gen() == gen && state == worker.state();
      }
    }
    return false;
  }
}

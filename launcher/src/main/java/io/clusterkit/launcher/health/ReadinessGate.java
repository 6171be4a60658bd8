package io.clusterkit.launcher.health;

import io.clusterkit.launcher.HealthCheckOptions;
import io.clusterkit.sticky.WorkerKey;
import io.clusterkit.launcher.supervisor.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readiness half of the HTTP health check: a starting worker's READY report is held here and
 * the worker checked every {@value HealthProbe#ADMIT_RETRY_MILLIS} ms until a check passes; then
 * the supervisor gets {@link Event.Ready}. A worker whose checks answer nothing but 404 for the
 * not-found limit is reported {@link Event.BootRejected} (a wrong {@code -health} path). Used on
 * the supervisor's context only.
 */
final class ReadinessGate {

  /** Failed readiness checks between two reminders in the log (about 10 s). */
  private static final int STILL_WAITING_TRIES = 50;

  /** In {@link #waiting}: the reason before the first check answered. */
  private static final String NOT_CHECKED = "not checked yet";

  /** In {@link #notFoundSince}: the worker was already reported. */
  private static final long REPORTED = Long.MIN_VALUE;

  private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

  private final Vertx vertx;
  private final HealthCheckOptions options;
  private final String check;
  private final HealthCheckClient client;
  private final Map<Long, SocketAddress> addresses;
  private final BiPredicate<Integer, Integer> starting;
  private final Consumer<Event> supervisor;
  private final LongConsumer passed;
  /** Starting workers not admitted yet: the latest reason, by worker key. */
  private final Map<Long, String> waiting = new HashMap<>();
  /** Admitted workers: how their admission went, by worker key. */
  private final Map<Long, Admission> admitted = new HashMap<>();
  /** Starting workers whose checks answer 404: since when (nanoTime), or {@link #REPORTED}. */
  private final Map<Long, Long> notFoundSince = new HashMap<>();
  private final long notFoundLimitNanos;

  /**
   * @param addresses where each worker answers checks, by worker key (read only)
   * @param starting whether (slot, gen) is its slot's current worker and still STARTING
   * @param passed told the worker key of a worker once a check has passed, before its Ready
   */
  ReadinessGate(Vertx vertx, HealthCheckOptions options, String check, HealthCheckClient client,
      Map<Long, SocketAddress> addresses, BiPredicate<Integer, Integer> starting,
      Consumer<Event> supervisor, LongConsumer passed, Duration notFoundLimit) {
    this.vertx = vertx;
    this.options = options;
    this.check = check;
    this.client = client;
    this.addresses = addresses;
    this.starting = starting;
    this.supervisor = supervisor;
    this.passed = passed;
    this.notFoundLimitNanos = notFoundLimit.toNanos();
  }

  /** @return whether the worker waits here for its first passing check */
  boolean waits(long key) {
    return waiting.containsKey(key);
  }

  /** @return the latest reason the worker is not admitted yet, or null */
  String waitingFor(long key) {
    return waiting.get(key);
  }

  /**
   * How a worker was admitted.
   *
   * @param afterMillis from its READY report to the check that passed
   * @param checks the checks it took, the passing one included
   * @param lastRefusal what the latest refused check answered (such as {@code 503}), or null
   *     when the first check passed
   */
  record Admission(long afterMillis, int checks, String lastRefusal) {
  }

  /** @return how the worker was admitted, or null when it was not (yet) */
  Admission admission(long key) {
    return admitted.get(key);
  }

  /** Forgets every worker but the live ones. */
  void retain(Set<Long> live) {
    waiting.keySet().retainAll(live);
    admitted.keySet().retainAll(live);
    notFoundSince.keySet().retainAll(live);
  }

  /** Starts checking a worker that reported READY. */
  void admit(int slot, int gen, long pid) {
    waiting.put(WorkerKey.of(slot, gen), NOT_CHECKED);
    attempt(slot, gen, pid, System.nanoTime(), 1);
  }

  private void attempt(int slot, int gen, long pid, long sinceNanos, int tries) {
    long key = WorkerKey.of(slot, gen);
    if (!starting.test(slot, gen)) {
      waiting.remove(key);
      notFoundSince.remove(key);
      return;
    }
    SocketAddress address = addresses.get(key);
    Future<ProbeOutcome> checked = address == null
        ? Future.succeededFuture(ProbeOutcome.noServer()) : client.check(address);
    checked.onComplete(ar -> {
      if (!starting.test(slot, gen)) {
        waiting.remove(key);
        return;
      }
      ProbeOutcome outcome = ar.result();
      if (outcome.passed()) {
        String refused = waiting.remove(key);
        notFoundSince.remove(key);
        long millis = (System.nanoTime() - sinceNanos) / 1_000_000;
        admitted.put(key, new Admission(millis, tries, NOT_CHECKED.equals(refused) ? null
            : refused));
        passed.accept(key);
        log.info("slot {} gen {} pid {} - health check {} passed ({}) after {} ms and {} {}",
            slot, gen, pid, check, outcome.detail(), millis, tries,
            tries == 1 ? "check" : "checks");
        supervisor.accept(new Event.Ready(slot, gen));
        return;
      }
      String previous = waiting.put(key, outcome.detail());
      if (outcome.notFound()) {
        notFound(slot, gen, key);
      } else {
        notFoundSince.remove(key);
      }
      if (outcome.notFound() && !outcome.detail().equals(previous)) {
        log.warn("slot {} gen {} pid {} - not routed to until its health check passes: {}: {}; "
            + "is {} a route of the application (-health)?", slot, gen, pid, check,
            outcome.detail(), options.getPath());
      } else if (tries == 1 || !outcome.detail().equals(previous)) {
        log.info("slot {} gen {} pid {} - not routed to until its health check passes: {}: {}",
            slot, gen, pid, check, outcome.detail());
      } else if (tries % STILL_WAITING_TRIES == 0) {
        log.warn("slot {} gen {} pid {} - still not routed to after {} ms: health check {}: {}",
            slot, gen, pid, (System.nanoTime() - sinceNanos) / 1_000_000, check,
            outcome.detail());
      }
      vertx.setTimer(HealthProbe.ADMIT_RETRY_MILLIS,
          id -> attempt(slot, gen, pid, sinceNanos, tries + 1));
    });
  }

  /** One more 404 for a starting worker: past the limit, it is reported once. */
  private void notFound(int slot, int gen, long key) {
    long now = System.nanoTime();
    long since = notFoundSince.computeIfAbsent(key, k -> now);
    if (since != REPORTED && now - since >= notFoundLimitNanos) {
      notFoundSince.put(key, REPORTED);
      supervisor.accept(new Event.BootRejected(slot, gen, "health check " + check
          + " answered 404 (Not Found) for " + Duration.ofNanos(now - since).toSeconds()
          + " s: is " + options.getPath() + " a route of the application (-health)?"));
    }
  }
}

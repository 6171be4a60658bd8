package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's drain and exit on SIGTERM: it stops the heartbeat, drains every connection within
 * the grace period the launcher gives (minus time to close), closes Vert.x and exits; before the
 * cluster is joined, or as a spare without a slot, it exits at once. Once TERM has come, the rest
 * of the boot sees {@link #stopping()} and gives up.
 */
final class WorkerShutdown {

  private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);

  /**
   * What a drain leaves of the grace period, at most, for closing Vert.x after it (see
   * {@link #drainBudget(long)}).
   */
  static final long CLOSE_RESERVE_MILLIS = 1_000;

  /** What the launcher said, read at TERM: a spare's changes once it is given a slot. */
  private final Supplier<WorkerEnv> env;
  private volatile boolean stopping;
  private volatile Vertx vertx;
  private volatile HeartbeatSender heartbeat;

  WorkerShutdown(Supplier<WorkerEnv> env) {
    this.env = env;
  }

  /** Says whether TERM has come: the boot stops where it is. */
  boolean stopping() {
    return stopping;
  }

  /** The Vert.x to close at TERM, once the cluster is joined. */
  void vertx(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The heartbeat to stop at TERM, once the worker is READY. */
  void heartbeat(HeartbeatSender heartbeat) {
    this.heartbeat = heartbeat;
  }

  /**
   * How long a worker drains after TERM. The launcher KILLs it one grace period after the TERM,
   * and after the drain the worker still closes Vert.x (it leaves the Hazelcast cluster and
   * closes the event bus, which takes a moment) before it exits; a KILL then would cut that
   * short. So the drain stops {@value #CLOSE_RESERVE_MILLIS} ms before the grace ends, and, for
   * a grace under twice that, at half of it: a short grace then still splits evenly between
   * draining and closing instead of leaving little or nothing to drain (a 1 s grace would
   * otherwise drain for 0 ms).
   *
   * @param graceMillis the launcher's grace period ({@link WorkerEnv#graceMillis()})
   * @return the drain's budget in milliseconds: the larger of grace/2 and grace - 1 s
   */
  static long drainBudget(long graceMillis) {
    return Math.max(graceMillis / 2, graceMillis - CLOSE_RESERVE_MILLIS);
  }

  /** Drains and exits on TERM, once: called by the worker's TERM handler. */
  void terminate() {
    if (stopping) {
      return;
    }
    stopping = true;
    Vertx current = vertx;
    WorkerRuntime runtime = WorkerRuntime.current();
    WorkerEnv env = this.env.get();
    if (current == null) {
      log.info("slot {} gen {} - TERM before the cluster was joined, exiting", env.slot(),
          env.gen());
      System.exit(ExitCodes.OK);
      return;
    }
    if (runtime == null) {
      // a spare without a slot: nothing to drain, leave the cluster cleanly
      log.info("spare {} - TERM while waiting for a slot, exiting", env.gen());
      current.close().onComplete(ar -> System.exit(ExitCodes.OK));
      return;
    }
    HeartbeatSender beating = heartbeat;
    if (beating != null) {
      // the launcher stopped routing here; a beat sent while Vert.x closes fails noisily
      beating.stop();
    }
    long budgetMillis = drainBudget(env.graceMillis());
    log.info("slot {} gen {} - TERM: draining {} connections (up to {} ms)", env.slot(), env.gen(),
        runtime.openConnections(), budgetMillis);
    runtime.drainAll(Duration.ofMillis(budgetMillis))
        .eventually(() -> current.close())
        .onComplete(ar -> {
          log.info("slot {} gen {} - drained, exiting", env.slot(), env.gen());
          System.exit(ExitCodes.OK);
        });
  }
}

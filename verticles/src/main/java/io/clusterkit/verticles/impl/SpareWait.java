package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.SpareAssignment;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spare's wait for a slot: it asks the launcher, at {@link Addresses#LAUNCHER_SPARE}, with a
 * request the launcher holds until it gives the spare a slot. A request that times out is sent
 * again (the launcher then answers it at once when the slot was given meanwhile), so an answer
 * is never lost; a launcher that cannot be reached yet is asked again after a short pause.
 */
final class SpareWait {

  private static final Logger log = LoggerFactory.getLogger(SpareWait.class);
  /** How long one request is held before the spare asks again. */
  static final long POLL_MILLIS = 30_000;
  private static final long RETRY_MAX_MILLIS = 1_000;

  private final Vertx vertx;
  private final int spare;
  private final long pid;
  private final Promise<SpareAssignment> assigned = Promise.promise();

  private SpareWait(Vertx vertx, int spare, long pid) {
    this.vertx = vertx;
    this.spare = spare;
    this.pid = pid;
  }

  /**
   * Waits for a slot, warming up meanwhile when warmupMillis is above 0 ({@link SpareWarmup}):
   * the slot is asked for first, and its assignment cuts the warm-up short at once.
   *
   * @param vertx the spare's clustered Vert.x
   * @param spare the spare's number
   * @param pid its process id
   * @param warmupMillis the warm-up's longest run, 0 for none
   * @return a future completed with the assignment
   */
  static Future<SpareAssignment> await(Vertx vertx, int spare, long pid, long warmupMillis) {
    SpareWait wait = new SpareWait(vertx, spare, pid);
    wait.ask(1);
    if (warmupMillis <= 0) {
      return wait.assigned.future();
    }
    SpareWarmup warmup = SpareWarmup.start(vertx, spare, pid, warmupMillis);
    return wait.assigned.future().onComplete(ar -> warmup.cut());
  }

  private void ask(int attempt) {
    JsonObject waiting = new JsonObject().put("spare", spare).put("pid", pid);
    vertx.eventBus().<JsonObject>request(Addresses.local(Addresses.LAUNCHER_SPARE), waiting,
            new DeliveryOptions().setSendTimeout(POLL_MILLIS))
        .onSuccess(reply -> {
          SpareAssignment assignment;
          try {
            assignment = SpareAssignment.fromJson(reply.body());
          } catch (IllegalArgumentException e) {
            assigned.tryFail(e);
            return;
          }
          if (assignment == null) {
            ask(1);
          } else if (assignment.spare() != spare) {
            assigned.tryFail("the launcher answered spare " + spare + " with the assignment of "
                + "spare " + assignment.spare());
          } else {
            assigned.tryComplete(assignment);
          }
        })
        .onFailure(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            ask(1); // held for a whole poll: still no slot
            return;
          }
          long pause = Math.min(RETRY_MAX_MILLIS, 50L * attempt);
          log.debug("spare {} - cannot reach the launcher yet ({}), asking again in {} ms", spare,
              e.getMessage(), pause);
          vertx.timer(pause, TimeUnit.MILLISECONDS).onComplete(t -> ask(attempt + 1));
        });
  }
}

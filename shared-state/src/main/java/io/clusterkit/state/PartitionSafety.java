package io.clusterkit.state;

import com.hazelcast.core.HazelcastInstance;
import io.clusterkit.state.impl.SharedStates;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells whether the cluster's shared state is safe to lose a member: no partition is migrating
 * and every backup is in sync (Hazelcast's {@code PartitionService.isClusterSafe()}).
 *
 * <p>A rolling reload that stops a data member waits for this first, so that no entry has its
 * only copy on the member going away. On a Vert.x that is not clustered over Hazelcast, the
 * state is always safe.
 */
public final class PartitionSafety {

  /** How often {@link #awaitPartitionsSafe} asks again while the cluster is not safe. */
  public static final Duration RECHECK_INTERVAL = Duration.ofMillis(100);
  /** How often {@link #awaitPartitionsSafe} says why it still waits. */
  public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private PartitionSafety() {
  }

  /**
   * Asks whether the cluster of vertx is safe now (the check asks every member, off the event
   * loop).
   *
   * @param vertx a Vert.x instance, clustered over Hazelcast or not
   * @return a future completed with true if no partition is migrating and all backups are in
   *     sync (always true without Hazelcast), or failed if the member has left the cluster
   */
  public static Future<Boolean> partitionsSafe(Vertx vertx) {
    Objects.requireNonNull(vertx, "vertx");
    HazelcastInstance hazelcast = SharedStates.hazelcastOf(vertx);
    if (hazelcast == null) {
      return Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> hazelcast.getPartitionService().isClusterSafe(), false);
  }

  /**
   * Waits until the cluster of vertx is safe, asking again every {@link #RECHECK_INTERVAL}.
   *
   * @param vertx a Vert.x instance, clustered over Hazelcast or not
   * @param timeout how long to wait, at least 1 ms
   * @return a future completed once the cluster is safe, or failed with a
   *     {@link TimeoutException} naming the cluster and its members if it is not after timeout
   */
  public static Future<Void> awaitPartitionsSafe(Vertx vertx, Duration timeout) {
    return awaitPartitionsSafe(vertx, timeout, state -> { });
  }

  /**
   * Waits until the cluster of vertx is safe, asking again every {@link #RECHECK_INTERVAL}, and
   * says every {@link #PROGRESS_INTERVAL} why it still waits. The timeout holds even while one
   * check hangs (Hazelcast's own check may wait minutes on a member that does not answer).
   *
   * @param vertx a Vert.x instance, clustered over Hazelcast or not
   * @param timeout how long to wait, at least 1 ms
   * @param waiting told, on a Vert.x thread, how long it has waited and the cluster's members
   * @return a future completed once the cluster is safe, or failed with a
   *     {@link TimeoutException} naming the cluster and its members if it is not after timeout
   */
  public static Future<Void> awaitPartitionsSafe(Vertx vertx, Duration timeout,
      Consumer<String> waiting) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(waiting, "waiting");
    if (timeout.isNegative() || timeout.toNanos() < TimeUnit.MILLISECONDS.toNanos(1)) {
      throw new IllegalArgumentException("timeout must be >= 1 ms, was " + timeout);
    }
    return await(vertx, timeout, () -> partitionsSafe(vertx), () -> describe(vertx), waiting);
  }

  /** The wait itself, with the check and the description given (tests give their own). */
  static Future<Void> await(Vertx vertx, Duration timeout, Supplier<Future<Boolean>> check,
      Supplier<String> state, Consumer<String> waiting) {
    long start = System.nanoTime();
    Promise<Void> result = Promise.promise();
    long deadline = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> result.tryFail(
        new TimeoutException("partitions not safe after " + timeout.toMillis() + " ms ("
            + state.get() + ")")));
    long progress = vertx.setPeriodic(PROGRESS_INTERVAL.toMillis(), id -> waiting.accept(
        "partitions not safe after " + (System.nanoTime() - start) / 1_000_000 + " ms ("
            + state.get() + ")"));
    result.future().onComplete(ar -> {
      vertx.cancelTimer(deadline);
      vertx.cancelTimer(progress);
    });
    probe(vertx, check, result);
    return result.future();
  }

  private static void probe(Vertx vertx, Supplier<Future<Boolean>> check, Promise<Void> result) {
    check.get().onComplete(ar -> {
      if (result.future().isComplete()) {
        return;
      }
      if (ar.failed()) {
        result.tryFail(ar.cause());
      } else if (ar.result()) {
        result.tryComplete();
      } else {
        vertx.setTimer(RECHECK_INTERVAL.toMillis(), id -> probe(vertx, check, result));
      }
    });
  }

  private static String describe(Vertx vertx) {
    HazelcastInstance hazelcast = SharedStates.hazelcastOf(vertx);
    if (hazelcast == null) {
      return "not clustered over Hazelcast";
    }
    long lite = hazelcast.getCluster().getMembers().stream().filter(m -> m.isLiteMember()).count();
    List<String> data = hazelcast.getCluster().getMembers().stream()
        .filter(m -> !m.isLiteMember()).map(m -> m.getAddress().toString()).toList();
    return "cluster '" + hazelcast.getConfig().getClusterName() + "': "
        + hazelcast.getCluster().getMembers().size() + " members, data " + data + ", " + lite
        + " lite";
  }
}

package io.clusterkit.state;

import com.hazelcast.core.HazelcastInstance;
import io.clusterkit.state.impl.SharedStates;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.toNanos() < TimeUnit.MILLISECONDS.toNanos(1)) {
      throw new IllegalArgumentException("timeout must be >= 1 ms, was " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    return probe(vertx, deadline, timeout);
  }

  private static Future<Void> probe(Vertx vertx, long deadline, Duration timeout) {
    return partitionsSafe(vertx).compose(safe -> {
      if (safe) {
        return Future.succeededFuture();
      }
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        return Future.failedFuture(new TimeoutException(
            "partitions not safe after " + timeout.toMillis() + " ms (" + describe(vertx) + ")"));
      }
      long delay = Math.max(1, Math.min(RECHECK_INTERVAL.toMillis(),
          TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
      Promise<Void> next = Promise.promise();
      vertx.setTimer(delay, id -> probe(vertx, deadline, timeout).onComplete(next));
      return next.future();
    });
  }

  private static String describe(Vertx vertx) {
    HazelcastInstance hazelcast = SharedStates.hazelcastOf(vertx);
    if (hazelcast == null) {
      return "not clustered over Hazelcast";
    }
    long lite = hazelcast.getCluster().getMembers().stream().filter(m -> m.isLiteMember()).count();
    return "cluster '" + hazelcast.getConfig().getClusterName() + "': "
        + hazelcast.getCluster().getMembers().size() + " members, " + lite + " lite";
  }
}

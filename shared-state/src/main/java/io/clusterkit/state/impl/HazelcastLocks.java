package io.clusterkit.state.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.clusterkit.state.SharedLock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cluster-wide locks on Hazelcast that are exclusive inside a member too.
 *
 * <p>Like Vert.x, a lock is a Hazelcast map lock on the key name in the map {@value #LOCKS}, taken
 * with {@code tryLock} on a worker thread and freed with {@code forceUnlock}. Hazelcast map locks
 * are re-entrant per (member, thread), so Vert.x's {@code getLockWithTimeout} lets a second caller
 * in the same member take a held lock whenever its {@code tryLock} lands on the pooled thread that
 * took the first (seen every time with one worker thread). Here each acquisition first holds a
 * local Vert.x lock on the name (the "gate"), and gives it back only after the Hazelcast lock is
 * free again, so at most one caller per member ever reaches {@code tryLock} for a name. This also
 * bounds the worker threads that wait for contended locks to one per name per member.
 */
final class HazelcastLocks {

  /** The Hazelcast map whose key locks Vert.x 5's Hazelcast cluster manager uses as locks. */
  static final String LOCKS = "__vertx.map.lock";

  private static final String GATE_PREFIX = "__clusterkit.lock.";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;

  /**
   * Creates the lock service of one member.
   *
   * @param vertx the member's Vert.x instance
   * @param hazelcast the member's Hazelcast instance
   */
  HazelcastLocks(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
  }

  /**
   * Acquires a lock.
   *
   * @param name the lock's name
   * @param timeout how long to wait in all, gate included
   * @return a future completed with the held lock, or failed no earlier than timeout
   */
  Future<SharedLock> acquire(String name, Duration timeout) {
    long millis = LockHandle.timeoutMillis(name, timeout);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
    return vertx.sharedData().getLocalLockWithTimeout(GATE_PREFIX + name, millis)
        .recover(e -> Future.failedFuture(LockHandle.failure(name, millis, start, e)))
        .compose(gate -> vertx.executeBlocking(() -> tryLock(name, deadline), false)
            .transform(ar -> {
              if (ar.succeeded() && ar.result()) {
                return Future.succeededFuture(new LockHandle(name, () -> release(name, gate)));
              }
              gate.release();
              return Future.failedFuture(LockHandle.failure(name, millis, start,
                  ar.failed() ? ar.cause() : null));
            }));
  }

  /** Runs on a worker thread: waits for the Hazelcast lock until the deadline. */
  private boolean tryLock(String name, long deadline) {
    IMap<String, Object> locks = hazelcast.getMap(LOCKS);
    while (true) {
      long remainingNanos = deadline - System.nanoTime();
      // round up, so that a false answer comes no earlier than the deadline
      long remainingMillis = Math.max(0, (remainingNanos + 999_999) / 1_000_000);
      try {
        if (locks.tryLock(name, remainingMillis, TimeUnit.MILLISECONDS)) {
          return true;
        }
      } catch (InterruptedException e) {
        // an interrupt is not a timeout (Vert.x met them when members left): ask again
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
    }
  }

  private Future<Void> release(String name, Lock gate) {
    return vertx.<Void>executeBlocking(() -> {
      hazelcast.<String, Object>getMap(LOCKS).forceUnlock(name);
      return null;
    }, false).onComplete(ar -> gate.release());
  }
}

package io.clusterkit.state.impl;

import com.hazelcast.core.HazelcastInstance;
import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedLock;
import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The {@link SharedState} of a Vert.x clustered over Hazelcast: Vert.x's clustered maps with the
 * TTL made exact from below, counters as asynchronous entry processors ({@link
 * HazelcastSharedCounter}), and locks exclusive inside a member too ({@link HazelcastLocks}).
 */
final class HazelcastSharedState implements SharedState {

  /**
   * Added to every TTL given to Hazelcast. Hazelcast 5.3 keeps an entry's expiry time in whole
   * seconds, rounded down ({@code TimeStripUtil.stripBaseTime}), so an entry put with a TTL of
   * t ms is removed when the clock reaches (now + t) rounded down to the second: up to 999 ms
   * early, at once for most TTLs under a second. With 999 ms more it goes at [t, t + 1 s).
   */
  static final long EXPIRY_ROUNDING_MILLIS = 999;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final HazelcastLocks locks;

  /**
   * Creates the shared state of one member.
   *
   * @param vertx a Vert.x instance clustered over Hazelcast
   * @param hazelcast its Hazelcast instance
   */
  HazelcastSharedState(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.locks = new HazelcastLocks(vertx, hazelcast);
  }

  @Override
  public <K, V> SharedMap<K, V> map(String name) {
    return new SharedDataMap<>(vertx, name, false, HazelcastSharedState::backingTtl);
  }

  @Override
  public SharedCounter counter(String name) {
    return new HazelcastSharedCounter(vertx, hazelcast, name);
  }

  @Override
  public Future<SharedLock> lock(String name, Duration timeout) {
    return locks.acquire(name, timeout);
  }

  /**
   * Turns a TTL into the one to give Hazelcast so that the entry never expires early.
   *
   * @param ttlMillis the TTL asked for, at least 1 ms
   * @return the TTL to give Hazelcast
   */
  static long backingTtl(long ttlMillis) {
    return ttlMillis > Long.MAX_VALUE - EXPIRY_ROUNDING_MILLIS ? Long.MAX_VALUE
        : ttlMillis + EXPIRY_ROUNDING_MILLIS;
  }

  @Override
  public String toString() {
    return "SharedState(Hazelcast member " + hazelcast.getCluster().getLocalMember().getUuid() + ")";
  }
}

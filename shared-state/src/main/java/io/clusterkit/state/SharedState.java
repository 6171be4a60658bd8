package io.clusterkit.state;

import io.clusterkit.state.impl.SharedStates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * The entry point to state shared by every member of a ClusterKit cluster: maps, counters and
 * locks, each named, each with a {@link Future}-returning API that never blocks an event loop.
 *
 * <p>On a Vert.x clustered over Hazelcast (the launcher and every worker) the state lives in
 * Hazelcast, held by its data members (the launcher), so it outlives any one worker. On a plain
 * {@code Vertx.vertx()} it is local to that instance, which is what tests and single-JVM runs
 * want; on any other cluster manager it is whatever that manager's {@code SharedData} gives.
 *
 * <p>An instance is cheap and holds no resources; create one per verticle (or per call). Names
 * are shared with Vert.x's own {@code SharedData}: {@code map("a")} is the map that
 * {@code vertx.sharedData().getAsyncMap("a")} returns, {@code counter("c")} the counter of
 * {@code getCounter("c")}.
 */
public interface SharedState {

  /**
   * Returns the shared state of vertx: Hazelcast-backed on a Vert.x clustered over Hazelcast,
   * local otherwise.
   *
   * @param vertx the Vert.x instance whose shared state to use
   * @return the shared state of that instance
   */
  static SharedState of(Vertx vertx) {
    return SharedStates.create(Objects.requireNonNull(vertx, "vertx"));
  }

  /**
   * Returns the map called name.
   *
   * <p>Keys and values are limited to the types every member can read, since the launcher does
   * not have the user's classes: see {@link SharedMap}.
   *
   * @param name the map's name, the same on every member
   * @param <K> the key type
   * @param <V> the value type
   * @return a handle on the map; creating it does no IO
   */
  <K, V> SharedMap<K, V> map(String name);

  /**
   * Returns the counter called name, a cluster-wide {@code long} starting at 0.
   *
   * @param name the counter's name, the same on every member
   * @return a handle on the counter; creating it does no IO
   */
  SharedCounter counter(String name);

  /**
   * Acquires the lock called name, waiting at most timeout for it.
   *
   * <p>Only one holder in the whole cluster (and in this JVM) has the lock at a time, until it
   * calls {@link SharedLock#release()}; a holder whose member leaves the cluster loses it.
   *
   * @param name the lock's name, the same on every member
   * @param timeout how long to wait, at least 1 ms
   * @return a future completed with the held lock, or failed with a
   *     {@link java.util.concurrent.TimeoutException} naming the lock and the timeout, no earlier
   *     than timeout after the call
   */
  Future<SharedLock> lock(String name, Duration timeout);
}

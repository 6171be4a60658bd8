package io.clusterkit.state.impl;

import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedLock;
import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * The {@link SharedState} of a Vert.x that is not clustered over Hazelcast: Vert.x's own
 * {@code SharedData}, local on a plain Vert.x.
 *
 * <p>Vert.x's local async map stores the objects it is given and returns them as they are, so
 * reads are copied here: a caller changing a {@code JsonObject} it got never changes the entry,
 * as in a cluster, where every read is deserialised afresh.
 */
final class VertxSharedState implements SharedState {

  private final Vertx vertx;

  /**
   * Creates the shared state of vertx.
   *
   * @param vertx a Vert.x instance not clustered over Hazelcast
   */
  VertxSharedState(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public <K, V> SharedMap<K, V> map(String name) {
    return new SharedDataMap<>(vertx, name, !vertx.isClustered(), ttl -> ttl);
  }

  @Override
  public SharedCounter counter(String name) {
    return new SharedDataCounter(vertx, name);
  }

  @Override
  public Future<SharedLock> lock(String name, Duration timeout) {
    long millis = LockHandle.timeoutMillis(name, timeout);
    long start = System.nanoTime();
    return vertx.sharedData().getLockWithTimeout(name, millis).transform(ar -> ar.succeeded()
        ? Future.succeededFuture(new LockHandle(name, () -> {
          ar.result().release();
          return Future.succeededFuture();
        }))
        : Future.failedFuture(LockHandle.failure(name, millis, start, ar.cause())));
  }

  @Override
  public String toString() {
    return "SharedState(" + (vertx.isClustered() ? "clustered SharedData" : "local") + ")";
  }
}

package io.clusterkit.verticles.rxjava3;

import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.rxjava3.impl.RxFutures;
import io.reactivex.rxjava3.core.Single;
import io.vertx.rxjava3.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * The entry point to cluster-wide maps, counters and locks with an RxJava 3 API: the twin of
 * {@link SharedState}, Hazelcast-backed on a worker or the launcher, local on a plain Vert.x.
 */
public final class RxSharedState {

  private final SharedState delegate;

  private RxSharedState(SharedState delegate) {
    this.delegate = delegate;
  }

  /**
   * Returns the shared state of an Rx Vert.x.
   *
   * @param vertx the Vert.x instance whose shared state to use
   * @return the shared state of that instance
   */
  public static RxSharedState of(Vertx vertx) {
    return newInstance(SharedState.of(Objects.requireNonNull(vertx, "vertx").getDelegate()));
  }

  /**
   * Wraps a future-based shared state.
   *
   * @param delegate the shared state
   * @return its Rx twin
   */
  public static RxSharedState newInstance(SharedState delegate) {
    return new RxSharedState(Objects.requireNonNull(delegate, "delegate"));
  }

  /** @return the future-based shared state this one calls */
  public SharedState getDelegate() {
    return delegate;
  }

  /**
   * Returns the map called name (see {@link SharedState#map(String)}).
   *
   * @param name the map's name, the same on every member
   * @param <K> the key type
   * @param <V> the value type
   * @return a handle on the map; creating it does no IO
   */
  public <K, V> RxSharedMap<K, V> map(String name) {
    return RxSharedMap.newInstance(delegate.<K, V>map(name));
  }

  /**
   * Returns the counter called name (see {@link SharedState#counter(String)}).
   *
   * @param name the counter's name, the same on every member
   * @return a handle on the counter; creating it does no IO
   */
  public RxSharedCounter counter(String name) {
    return RxSharedCounter.newInstance(delegate.counter(name));
  }

  /**
   * Acquires the lock called name, waiting at most timeout (see
   * {@link SharedState#lock(String, Duration)}); the wait starts at once.
   *
   * @param name the lock's name, the same on every member
   * @param timeout how long to wait, at least 1 ms
   * @return a Single of the held lock, or an error after timeout
   */
  public Single<RxSharedLock> lock(String name, Duration timeout) {
    return RxFutures.single(delegate.lock(name, timeout), RxSharedLock::newInstance);
  }
}

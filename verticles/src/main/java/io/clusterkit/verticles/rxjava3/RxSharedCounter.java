package io.clusterkit.verticles.rxjava3;

import io.clusterkit.state.SharedCounter;
import io.clusterkit.verticles.rxjava3.impl.RxFutures;
import io.reactivex.rxjava3.core.Single;
import java.util.Objects;

/**
 * A cluster-wide {@code long} with an RxJava 3 API: the twin of {@link SharedCounter}, same
 * semantics, one method each. Every call starts its operation at once, as the future-based
 * counter does; the returned {@code Single} gives every subscriber that one outcome (to repeat
 * the operation on each subscription, for {@code retry()} say, wrap the call in
 * {@code Single.defer(..)}).
 */
public final class RxSharedCounter {

  private final SharedCounter delegate;

  private RxSharedCounter(SharedCounter delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Wraps a future-based counter.
   *
   * @param delegate the counter
   * @return its Rx twin
   */
  public static RxSharedCounter newInstance(SharedCounter delegate) {
    return new RxSharedCounter(delegate);
  }

  /** @return the future-based counter this one calls */
  public SharedCounter getDelegate() {
    return delegate;
  }

  /** @return the name it was created with */
  public String name() {
    return delegate.name();
  }

  /** @return a Single of the value, 0 for a counter never updated */
  public Single<Long> get() {
    return RxFutures.single(delegate.get());
  }

  /** @return a Single of the value after adding one */
  public Single<Long> incrementAndGet() {
    return RxFutures.single(delegate.incrementAndGet());
  }

  /** @return a Single of the value before adding one */
  public Single<Long> getAndIncrement() {
    return RxFutures.single(delegate.getAndIncrement());
  }

  /** @return a Single of the value after subtracting one */
  public Single<Long> decrementAndGet() {
    return RxFutures.single(delegate.decrementAndGet());
  }

  /**
   * Adds delta (which may be negative).
   *
   * @param delta the amount to add
   * @return a Single of the value after the addition
   */
  public Single<Long> addAndGet(long delta) {
    return RxFutures.single(delegate.addAndGet(delta));
  }

  /**
   * Adds delta (which may be negative).
   *
   * @param delta the amount to add
   * @return a Single of the value before the addition
   */
  public Single<Long> getAndAdd(long delta) {
    return RxFutures.single(delegate.getAndAdd(delta));
  }

  /**
   * Sets the value to update if it currently is expected.
   *
   * @param expected the value the counter must have
   * @param update the new value
   * @return a Single of true if the value was expected and is now update, false if unchanged
   */
  public Single<Boolean> compareAndSet(long expected, long update) {
    return RxFutures.single(delegate.compareAndSet(expected, update));
  }
}

package io.clusterkit.state;

import io.vertx.core.Future;

/**
 * A cluster-wide {@code long}, starting at 0, that every member updates atomically: many
 * concurrent increments from any members give an exact total.
 *
 * <p>Arithmetic wraps around on overflow, like {@link java.util.concurrent.atomic.AtomicLong}.
 */
public interface SharedCounter {

  /**
   * Returns the counter's name.
   *
   * @return the name it was created with
   */
  String name();

  /**
   * Reads the current value.
   *
   * @return a future completed with the value, 0 for a counter never updated
   */
  Future<Long> get();

  /**
   * Adds one.
   *
   * @return a future completed with the value after the increment
   */
  Future<Long> incrementAndGet();

  /**
   * Adds one.
   *
   * @return a future completed with the value before the increment
   */
  Future<Long> getAndIncrement();

  /**
   * Subtracts one.
   *
   * @return a future completed with the value after the decrement
   */
  Future<Long> decrementAndGet();

  /**
   * Adds delta (which may be negative).
   *
   * @param delta the amount to add
   * @return a future completed with the value after the addition
   */
  Future<Long> addAndGet(long delta);

  /**
   * Adds delta (which may be negative).
   *
   * @param delta the amount to add
   * @return a future completed with the value before the addition
   */
  Future<Long> getAndAdd(long delta);

  /**
   * Sets the value to update if it currently is expected.
   *
   * @param expected the value the counter must have
   * @param update the new value
   * @return a future completed with true if the value was expected and is now update, false if
   *     it was something else and is unchanged
   */
  Future<Boolean> compareAndSet(long expected, long update);
}

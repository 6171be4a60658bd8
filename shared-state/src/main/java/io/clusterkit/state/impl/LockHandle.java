package io.clusterkit.state.impl;

import io.clusterkit.state.SharedLock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A held lock whose release runs once, whatever the number of calls; and the argument check and
 * failure messages that every lock implementation shares.
 */
final class LockHandle implements SharedLock {

  /** Longer timeouts are cut to this: 100 years. */
  static final long MAX_TIMEOUT_MILLIS = TimeUnit.DAYS.toMillis(36_500);

  private final String name;
  private final Supplier<Future<Void>> releaser;
  private final AtomicReference<Future<Void>> released = new AtomicReference<>();

  /**
   * Creates a handle.
   *
   * @param name the lock's name
   * @param releaser frees the lock; called at most once
   */
  LockHandle(String name, Supplier<Future<Void>> releaser) {
    this.name = name;
    this.releaser = releaser;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Void> release() {
    Future<Void> first = released.get();
    if (first != null) {
      return first;
    }
    Promise<Void> promise = Promise.promise();
    if (!released.compareAndSet(null, promise.future())) {
      return released.get();
    }
    Future<Void> done;
    try {
      done = releaser.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(promise);
    return promise.future();
  }

  /**
   * Checks the arguments of a lock acquisition.
   *
   * @param name the lock's name
   * @param timeout how long to wait
   * @return timeout in ms, at least 1, at most {@link #MAX_TIMEOUT_MILLIS}
   */
  static long timeoutMillis(String name, Duration timeout) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    long millis;
    try {
      millis = timeout.toMillis();
    } catch (ArithmeticException tooLong) {
      millis = Long.MAX_VALUE;
    }
    if (millis < 1) {
      throw new IllegalArgumentException("timeout must be >= 1 ms, was " + timeout);
    }
    // deadlines are System.nanoTime() + timeout: keep them far from overflow
    return Math.min(millis, MAX_TIMEOUT_MILLIS);
  }

  /**
   * Describes why an acquisition failed: a timeout once the whole timeout has passed, else the
   * backing's error.
   *
   * @param name the lock's name
   * @param timeoutMillis the timeout asked for
   * @param startNanos {@link System#nanoTime()} when the acquisition began
   * @param cause what the backing reported, or null when it just did not get the lock in time
   * @return the failure to give the caller
   */
  static Throwable failure(String name, long timeoutMillis, long startNanos, Throwable cause) {
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    if (elapsed >= timeoutMillis) {
      TimeoutException timeout = new TimeoutException(
          "lock '" + name + "' not acquired within " + timeoutMillis + " ms");
      if (cause != null) {
        timeout.initCause(cause);
      }
      return timeout;
    }
    return new VertxException("lock '" + name + "' not acquired: failed after " + elapsed
        + " of " + timeoutMillis + " ms: " + (cause == null ? "unknown" : cause.getMessage()), cause);
  }
}

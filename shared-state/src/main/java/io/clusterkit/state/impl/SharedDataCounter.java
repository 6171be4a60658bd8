package io.clusterkit.state.impl;

import io.clusterkit.state.SharedCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Counter;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link SharedCounter} over a Vert.x {@link Counter}: the local one on a plain Vert.x (atomic
 * and non-blocking), or that of a cluster manager other than Hazelcast.
 */
final class SharedDataCounter implements SharedCounter {

  private final Vertx vertx;
  private final String name;

  /**
   * Creates a handle on a counter.
   *
   * @param vertx the Vert.x instance whose {@code SharedData} holds the counter
   * @param name the counter's name
   */
  SharedDataCounter(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Long> get() {
    return call(Counter::get);
  }

  @Override
  public Future<Long> incrementAndGet() {
    return call(Counter::incrementAndGet);
  }

  @Override
  public Future<Long> getAndIncrement() {
    return call(Counter::getAndIncrement);
  }

  @Override
  public Future<Long> decrementAndGet() {
    return call(Counter::decrementAndGet);
  }

  @Override
  public Future<Long> addAndGet(long delta) {
    return call(c -> c.addAndGet(delta));
  }

  @Override
  public Future<Long> getAndAdd(long delta) {
    return call(c -> c.getAndAdd(delta));
  }

  @Override
  public Future<Boolean> compareAndSet(long expected, long update) {
    return call(c -> c.compareAndSet(expected, update));
  }

  private <T> Future<T> call(Function<Counter, Future<T>> operation) {
    try {
      return vertx.sharedData().getCounter(name).compose(operation);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}

package io.clusterkit.state.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.clusterkit.state.SharedCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link SharedCounter} kept where Vert.x keeps its Hazelcast counters (one entry per counter
 * in the map {@value #COUNTERS}), so {@code vertx.sharedData().getCounter(name)} sees the same
 * value.
 *
 * <p>Each operation is one asynchronous entry processor on the key's owner: no worker thread, no
 * lock. Vert.x's own {@code getCounter} instead creates the entry with a blocking
 * {@code putIfAbsent} on the caller's thread, an event loop most of the time; here a missing
 * entry simply counts as 0. The processors run on the data members, which must have this class
 * (the launcher does).
 */
final class HazelcastSharedCounter implements SharedCounter {

  /** The Hazelcast map in which Vert.x 5's Hazelcast cluster manager keeps counters. */
  static final String COUNTERS = "__vertx.map.counter";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String name;

  /**
   * Creates a handle on a counter.
   *
   * @param vertx the Vert.x instance on whose context futures complete
   * @param hazelcast the member that holds or reaches the counter
   * @param name the counter's name
   */
  HazelcastSharedCounter(Vertx vertx, HazelcastInstance hazelcast, String name) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<Long> get() {
    return call(counters -> counters.getAsync(name)).map(v -> v == null ? 0L : v);
  }

  @Override
  public Future<Long> incrementAndGet() {
    return addAndGet(1);
  }

  @Override
  public Future<Long> getAndIncrement() {
    return getAndAdd(1);
  }

  @Override
  public Future<Long> decrementAndGet() {
    return addAndGet(-1);
  }

  @Override
  public Future<Long> addAndGet(long delta) {
    return call(counters -> counters.submitToKey(name, new Add(delta, true)));
  }

  @Override
  public Future<Long> getAndAdd(long delta) {
    return call(counters -> counters.submitToKey(name, new Add(delta, false)));
  }

  @Override
  public Future<Boolean> compareAndSet(long expected, long update) {
    return call(counters -> counters.submitToKey(name, new CompareAndSet(expected, update)));
  }

  private <T> Future<T> call(Function<IMap<String, Long>, CompletionStage<T>> operation) {
    try {
      // getMap looks up a proxy (the first time, creates it locally): no remote call
      IMap<String, Long> counters = hazelcast.getMap(COUNTERS);
      return Future.fromCompletionStage(operation.apply(counters), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static long valueOf(Map.Entry<String, Long> entry) {
    Long value = entry.getValue();
    return value == null ? 0L : value;
  }

  /** Adds delta to the entry (absent counts as 0); returns the new or the old value. */
  record Add(long delta, boolean returnNew) implements EntryProcessor<String, Long, Long> {

    private static final long serialVersionUID = 1L;

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      long old = valueOf(entry);
      long updated = old + delta;
      entry.setValue(updated);
      return returnNew ? updated : old;
    }
  }

  /** Sets the entry to update if it is expected (absent counts as 0). */
  record CompareAndSet(long expected, long update)
      implements EntryProcessor<String, Long, Boolean> {

    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, Long> entry) {
      if (valueOf(entry) != expected) {
        return false;
      }
      entry.setValue(update);
      return true;
    }
  }
}

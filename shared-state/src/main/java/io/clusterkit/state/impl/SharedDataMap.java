package io.clusterkit.state.impl;

import io.clusterkit.state.SharedMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * A {@link SharedMap} over a Vert.x {@link AsyncMap}: checks and copies arguments, adapts the TTL
 * to the backing, and turns anything the backing throws into a failed future.
 *
 * <p>Vert.x's clustered map does get/put/remove asynchronously and the rest on its worker pool;
 * its local map stores references, so this class copies values on reads when told to.
 */
final class SharedDataMap<K, V> implements SharedMap<K, V> {

  private final Vertx vertx;
  private final String name;
  private final boolean copyReads;
  private final LongUnaryOperator backingTtl;
  private volatile AsyncMap<K, V> handle;

  /**
   * Creates a handle on a map.
   *
   * @param vertx the Vert.x instance whose {@code SharedData} holds the map
   * @param name the map's name
   * @param copyReads whether the backing returns stored objects themselves (the local one)
   * @param backingTtl turns a TTL in ms into the TTL to give the backing
   */
  SharedDataMap(Vertx vertx, String name, boolean copyReads, LongUnaryOperator backingTtl) {
    this.vertx = vertx;
    this.name = Objects.requireNonNull(name, "name");
    this.copyReads = copyReads;
    this.backingTtl = backingTtl;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Future<V> get(K key) {
    K k = SharedValues.key(key, "key");
    return call(m -> m.get(k)).map(this::out);
  }

  @Override
  public Future<Void> put(K key, V value) {
    K k = SharedValues.key(key, "key");
    V v = SharedValues.value(value, "value");
    return call(m -> m.put(k, v));
  }

  @Override
  public Future<Void> put(K key, V value, Duration ttl) {
    K k = SharedValues.key(key, "key");
    V v = SharedValues.value(value, "value");
    long t = ttlMillis(ttl);
    return call(m -> m.put(k, v, t));
  }

  @Override
  public Future<V> putIfAbsent(K key, V value) {
    K k = SharedValues.key(key, "key");
    V v = SharedValues.value(value, "value");
    return call(m -> m.putIfAbsent(k, v)).map(this::out);
  }

  @Override
  public Future<V> putIfAbsent(K key, V value, Duration ttl) {
    K k = SharedValues.key(key, "key");
    V v = SharedValues.value(value, "value");
    long t = ttlMillis(ttl);
    return call(m -> m.putIfAbsent(k, v, t)).map(this::out);
  }

  @Override
  public Future<V> remove(K key) {
    K k = SharedValues.key(key, "key");
    return call(m -> m.remove(k)).map(this::out);
  }

  @Override
  public Future<Boolean> removeIfPresent(K key, V value) {
    K k = SharedValues.key(key, "key");
    V v = SharedValues.key(value, "value");
    return call(m -> m.removeIfPresent(k, v));
  }

  @Override
  public Future<V> replace(K key, V value) {
    K k = SharedValues.key(key, "key");
    V v = SharedValues.value(value, "value");
    return call(m -> m.replace(k, v)).map(this::out);
  }

  @Override
  public Future<Boolean> replaceIfPresent(K key, V expected, V update) {
    K k = SharedValues.key(key, "key");
    V e = SharedValues.key(expected, "expected");
    V u = SharedValues.value(update, "update");
    return call(m -> m.replaceIfPresent(k, e, u));
  }

  @Override
  public Future<Integer> size() {
    return call(AsyncMap::size);
  }

  @Override
  public Future<Set<K>> keys() {
    return call(AsyncMap::keys).map(keys -> {
      Set<K> copy = new HashSet<>(keys.size() * 2);
      keys.forEach(k -> copy.add(out(k)));
      return copy;
    });
  }

  @Override
  public Future<Map<K, V>> entries() {
    return call(AsyncMap::entries).map(entries -> {
      Map<K, V> copy = new HashMap<>(entries.size() * 2);
      entries.forEach((k, v) -> copy.put(out(k), out(v)));
      return copy;
    });
  }

  @Override
  public Future<Void> clear() {
    return call(AsyncMap::clear);
  }

  private <T> Future<T> call(Function<AsyncMap<K, V>, Future<T>> operation) {
    // the backing may throw on the caller's thread before any future exists (a Hazelcast
    // serialization error, "instance not active"): that is a runtime failure, not a bad argument
    try {
      AsyncMap<K, V> map = handle;
      Future<AsyncMap<K, V>> opened = map != null ? Future.succeededFuture(map)
          : vertx.sharedData().<K, V>getAsyncMap(name).onSuccess(m -> handle = m);
      return opened.compose(m -> {
        try {
          return operation.apply(m);
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private <T> T out(T stored) {
    return copyReads ? SharedValues.copy(stored) : stored;
  }

  private long ttlMillis(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    long millis;
    try {
      millis = ttl.toMillis();
    } catch (ArithmeticException tooLong) {
      millis = Long.MAX_VALUE;
    }
    if (millis < 1) {
      throw new IllegalArgumentException("ttl must be >= 1 ms, was " + ttl);
    }
    return backingTtl.applyAsLong(millis);
  }
}

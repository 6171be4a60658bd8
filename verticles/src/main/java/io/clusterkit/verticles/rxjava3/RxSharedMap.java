package io.clusterkit.verticles.rxjava3;

import io.clusterkit.state.SharedMap;
import io.clusterkit.verticles.rxjava3.impl.RxFutures;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A cluster-wide map with per-entry TTL and an RxJava 3 API: the twin of {@link SharedMap}, with
 * its allowed types, copies and TTL rules. A value that may be absent comes as a {@code Maybe}
 * (empty when there is none). Bad arguments (a type other members cannot read, null, a TTL under
 * 1 ms) throw at once; failures of the store reach subscribers as {@code onError}. Every call
 * starts its operation at once, as the future-based map does, and the returned Rx type gives every
 * subscriber that one outcome (wrap the call in {@code defer(..)} to run it per subscription).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RxSharedMap<K, V> {

  private final SharedMap<K, V> delegate;

  private RxSharedMap(SharedMap<K, V> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Wraps a future-based map.
   *
   * @param delegate the map
   * @param <K> the key type
   * @param <V> the value type
   * @return its Rx twin
   */
  public static <K, V> RxSharedMap<K, V> newInstance(SharedMap<K, V> delegate) {
    return new RxSharedMap<>(delegate);
  }

  /** @return the future-based map this one calls */
  public SharedMap<K, V> getDelegate() {
    return delegate;
  }

  /** @return the name it was created with */
  public String name() {
    return delegate.name();
  }

  /**
   * Reads the value of key.
   *
   * @param key the key
   * @return a Maybe of the value, empty if there is none
   */
  public Maybe<V> get(K key) {
    return RxFutures.maybe(delegate.get(key));
  }

  /**
   * Sets the value of key, with no expiry.
   *
   * @param key the key
   * @param value the value
   * @return a Completable that completes once the entry is stored
   */
  public Completable put(K key, V value) {
    return RxFutures.completable(delegate.put(key, value));
  }

  /**
   * Sets the value of key, removed once ttl has passed.
   *
   * @param key the key
   * @param value the value
   * @param ttl the time to live, at least 1 ms
   * @return a Completable that completes once the entry is stored
   */
  public Completable put(K key, V value, Duration ttl) {
    return RxFutures.completable(delegate.put(key, value, ttl));
  }

  /**
   * Sets the value of key unless it has one.
   *
   * @param key the key
   * @param value the value to set if there is none
   * @return a Maybe of the existing value (unchanged), empty if value was set
   */
  public Maybe<V> putIfAbsent(K key, V value) {
    return RxFutures.maybe(delegate.putIfAbsent(key, value));
  }

  /**
   * Sets the value of key, removed once ttl has passed, unless it has one.
   *
   * @param key the key
   * @param value the value to set if there is none
   * @param ttl the time to live of a new entry, at least 1 ms
   * @return a Maybe of the existing value (unchanged), empty if value was set
   */
  public Maybe<V> putIfAbsent(K key, V value, Duration ttl) {
    return RxFutures.maybe(delegate.putIfAbsent(key, value, ttl));
  }

  /**
   * Removes key.
   *
   * @param key the key
   * @return a Maybe of the removed value, empty if there was none
   */
  public Maybe<V> remove(K key) {
    return RxFutures.maybe(delegate.remove(key));
  }

  /**
   * Removes key only if its value is value.
   *
   * @param key the key
   * @param value the value the entry must have; not a {@code byte[]}
   * @return a Single of true if the entry was removed
   */
  public Single<Boolean> removeIfPresent(K key, V value) {
    return RxFutures.single(delegate.removeIfPresent(key, value));
  }

  /**
   * Sets the value of key only if it has one.
   *
   * @param key the key
   * @param value the new value
   * @return a Maybe of the replaced value, empty if there was none (and nothing was set)
   */
  public Maybe<V> replace(K key, V value) {
    return RxFutures.maybe(delegate.replace(key, value));
  }

  /**
   * Sets the value of key to update only if it is expected.
   *
   * @param key the key
   * @param expected the value the entry must have; not a {@code byte[]}
   * @param update the new value
   * @return a Single of true if the value was replaced
   */
  public Single<Boolean> replaceIfPresent(K key, V expected, V update) {
    return RxFutures.single(delegate.replaceIfPresent(key, expected, update));
  }

  /**
   * Counts the entries.
   *
   * @return a Single of the number of entries (in Hazelcast, possibly counting expired entries
   *     not yet swept)
   */
  public Single<Integer> size() {
    return RxFutures.single(delegate.size());
  }

  /**
   * Reads every key; fine for small maps, since all keys travel to this member.
   *
   * @return a Single of a new set of the keys
   */
  public Single<Set<K>> keys() {
    return RxFutures.single(delegate.keys());
  }

  /**
   * Reads every entry; fine for small maps, since all entries travel to this member.
   *
   * @return a Single of a new map of the entries
   */
  public Single<Map<K, V>> entries() {
    return RxFutures.single(delegate.entries());
  }

  /**
   * Removes every entry.
   *
   * @return a Completable that completes once the map is empty
   */
  public Completable clear() {
    return RxFutures.completable(delegate.clear());
  }
}

package io.clusterkit.state;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A cluster-wide map whose keys and values every member can read, the launcher included.
 *
 * <p><b>Allowed types.</b> The launcher and other members do not have the user's classes, so
 * only these types may be stored: {@code String}, {@code Boolean}, the JDK numbers
 * {@code Byte, Short, Integer, Long, Float, Double, BigInteger, BigDecimal}, Vert.x
 * {@code JsonObject}, {@code JsonArray} (holding only JSON values) and {@code Buffer}, and, as a
 * value only, {@code byte[]}. Every method throws {@link IllegalArgumentException} at once,
 * naming the rejected type and the allowed ones, before anything reaches the backing store; a
 * {@code null} key or value throws {@link NullPointerException}. {@code byte[]} is refused as a
 * key and as the value compared by {@link #removeIfPresent} and {@link #replaceIfPresent},
 * because arrays compare by identity locally and by content in Hazelcast; use {@code Buffer}
 * there.
 *
 * <p>Keys compare by value; a {@code JsonObject} key compares by its encoded form in Hazelcast,
 * so field order matters there: prefer {@code String} keys. {@code 1} and {@code 1L} are
 * different keys everywhere.
 *
 * <p>Stored values are copies: changing a {@code JsonObject} after {@code put} does not change the
 * entry, and each read returns a fresh copy, on every backing.
 *
 * <p><b>Time to live.</b> An entry put with a TTL is readable until at least the TTL has passed
 * and disappears soon after: at once locally, within one second more in Hazelcast (which keeps
 * expiry times in whole seconds). {@link #size()} may still count an expired entry until
 * Hazelcast sweeps it (every few seconds); {@link #get}, {@link #keys} and {@link #entries} never
 * show it.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SharedMap<K, V> {

  /**
   * Returns the map's name.
   *
   * @return the name it was created with
   */
  String name();

  /**
   * Reads the value of key.
   *
   * @param key the key
   * @return a future completed with the value, or null if there is none
   */
  Future<V> get(K key);

  /**
   * Sets the value of key, with no expiry.
   *
   * @param key the key
   * @param value the value
   * @return a future completed once the entry is stored
   */
  Future<Void> put(K key, V value);

  /**
   * Sets the value of key, removed once ttl has passed.
   *
   * @param key the key
   * @param value the value
   * @param ttl the time to live, at least 1 ms
   * @return a future completed once the entry is stored
   */
  Future<Void> put(K key, V value, Duration ttl);

  /**
   * Sets the value of key unless it has one.
   *
   * @param key the key
   * @param value the value to set if there is none
   * @return a future completed with the existing value (unchanged), or null if value was set
   */
  Future<V> putIfAbsent(K key, V value);

  /**
   * Sets the value of key, removed once ttl has passed, unless it has one.
   *
   * @param key the key
   * @param value the value to set if there is none
   * @param ttl the time to live of a new entry, at least 1 ms
   * @return a future completed with the existing value (unchanged), or null if value was set
   */
  Future<V> putIfAbsent(K key, V value, Duration ttl);

  /**
   * Removes key.
   *
   * @param key the key
   * @return a future completed with the removed value, or null if there was none
   */
  Future<V> remove(K key);

  /**
   * Removes key only if its value is value.
   *
   * @param key the key
   * @param value the value the entry must have; not a {@code byte[]}
   * @return a future completed with true if the entry was removed
   */
  Future<Boolean> removeIfPresent(K key, V value);

  /**
   * Sets the value of key only if it has one.
   *
   * @param key the key
   * @param value the new value
   * @return a future completed with the replaced value, or null if there was none (and nothing
   *     was set)
   */
  Future<V> replace(K key, V value);

  /**
   * Sets the value of key to update only if it is expected.
   *
   * @param key the key
   * @param expected the value the entry must have; not a {@code byte[]}
   * @param update the new value
   * @return a future completed with true if the value was replaced
   */
  Future<Boolean> replaceIfPresent(K key, V expected, V update);

  /**
   * Counts the entries.
   *
   * @return a future completed with the number of entries (in Hazelcast, possibly counting
   *     expired entries not yet swept)
   */
  Future<Integer> size();

  /**
   * Reads every key; fine for small maps, since all keys travel to this member.
   *
   * @return a future completed with a new set of the keys
   */
  Future<Set<K>> keys();

  /**
   * Reads every entry; fine for small maps, since all entries travel to this member.
   *
   * @return a future completed with a new map of the entries
   */
  Future<Map<K, V>> entries();

  /**
   * Removes every entry.
   *
   * @return a future completed once the map is empty
   */
  Future<Void> clear();
}

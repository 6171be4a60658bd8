package io.clusterkit.state.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Set;

/**
 * The types a shared map accepts (those every member can read without the user's classes), the
 * check that rejects the others, and the copies that make stored values independent of callers.
 */
public final class SharedValues {

  /** Immutable types whose class every JVM has; exact classes, so no user subclass slips in. */
  private static final Set<Class<?>> SCALARS = Set.of(String.class, Boolean.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class,
      BigDecimal.class);

  static final String KEY_TYPES = "String, Boolean, Byte, Short, Integer, Long, Float, Double, "
      + "BigInteger, BigDecimal, JsonObject, JsonArray, Buffer";

  public static final String VALUE_TYPES = KEY_TYPES + ", byte[]";

  private SharedValues() {
  }

  /**
   * Checks a key, or a value that is compared with a stored one.
   *
   * @param key the key
   * @param argument the argument's name, for the message
   * @return a private copy of key if it is mutable, else key
   */
  static <T> T key(T key, String argument) {
    Objects.requireNonNull(key, argument);
    if (key instanceof byte[]) {
      throw new IllegalArgumentException(argument + ": byte[] is not allowed here (arrays compare "
          + "by identity locally and by content in Hazelcast), use a Buffer; allowed: " + KEY_TYPES);
    }
    return value(key, argument);
  }

  /**
   * Checks a value.
   *
   * @param value the value
   * @param argument the argument's name, for the message
   * @return a private copy of value if it is mutable, else value
   */
  public static <T> T value(T value, String argument) {
    Objects.requireNonNull(value, argument);
    if (SCALARS.contains(value.getClass())) {
      return value;
    }
    if (value.getClass() == JsonObject.class || value.getClass() == JsonArray.class) {
      try {
        return copy(value);
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(argument + ": " + value.getClass().getSimpleName()
            + " holds a value that is not JSON (" + e.getMessage() + "); allowed: " + VALUE_TYPES, e);
      }
    }
    if (value instanceof Buffer || value instanceof byte[]) {
      return copy(value);
    }
    throw new IllegalArgumentException(argument + ": " + value.getClass().getName()
        + " cannot be shared (other members may not have the class); allowed: " + VALUE_TYPES);
  }

  /**
   * Copies a stored object so that the caller cannot change the stored one.
   *
   * @param stored a key or value of an allowed type, or null
   * @return a copy of stored if it is mutable, else stored
   */
  @SuppressWarnings("unchecked")
  static <T> T copy(T stored) {
    if (stored instanceof JsonObject json) {
      return (T) json.copy();
    }
    if (stored instanceof JsonArray json) {
      return (T) json.copy();
    }
    if (stored instanceof Buffer buffer) {
      return (T) buffer.copy();
    }
    if (stored instanceof byte[] bytes) {
      return (T) bytes.clone();
    }
    return stored;
  }
}

package io.clusterkit.state;

import io.clusterkit.state.impl.SharedValues;

/**
 * The values every member of a ClusterKit cluster can read without the user's classes (the
 * launcher does not have them): what shared maps store and what messages between the launcher
 * and workers carry. Exact classes only, so that no user subclass slips in: {@code String},
 * {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code Float},
 * {@code Double}, {@code BigInteger}, {@code BigDecimal}, {@code JsonObject}, {@code JsonArray}
 * (holding only JSON values), {@code Buffer} and {@code byte[]}.
 */
public final class PortableValues {

  /** The allowed types, named for error messages. */
  public static final String ALLOWED = SharedValues.VALUE_TYPES;

  private PortableValues() {
  }

  /**
   * Checks a value and returns a copy the caller can no longer change.
   *
   * @param value the value to check
   * @param argument the argument's name, for the message
   * @param <T> the value's type
   * @return a private copy of value if it is mutable (JSON, Buffer, byte[]), else value
   * @throws NullPointerException naming argument when value is null
   * @throws IllegalArgumentException naming argument, the type and the allowed types otherwise
   */
  public static <T> T check(T value, String argument) {
    return SharedValues.value(value, argument);
  }
}

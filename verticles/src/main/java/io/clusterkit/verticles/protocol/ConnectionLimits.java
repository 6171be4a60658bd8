package io.clusterkit.verticles.protocol;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long a client of {@code serve()} may stall and how many may connect at once: the limits a
 * worker's HTTP/1.x server puts on every connection, set by the launcher's flags and passed to
 * the worker in its environment (the variables named here). The defaults follow Node's http
 * server and nginx: a request head must arrive within 60 s of its first byte (Node's
 * {@code headersTimeout}; the client gets a 408), a whole request within 300 s of its head
 * (Node's {@code requestTimeout}), a keep-alive connection (or a new one) may stay silent 75 s
 * between requests (nginx's {@code keepalive_timeout}, longer than the 60 s idle timeout of the
 * usual load balancers in front), and a worker holds at most 10,000 connections, closing new
 * ones past that. A zero duration or count turns its limit off.
 *
 * @param headerTimeout how long a request head may take from its first byte, zero for no limit
 * @param keepAliveTimeout how long a connection may stay silent with no request in progress
 * @param requestTimeout how long a request body may take from its head
 * @param maxConnections the most connections a worker's server holds, zero for no limit
 */
public record ConnectionLimits(Duration headerTimeout, Duration keepAliveTimeout,
    Duration requestTimeout, int maxConnections) {

  /** Node's headersTimeout. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(60);
  /** nginx's keepalive_timeout. */
  public static final Duration DEFAULT_KEEPALIVE_TIMEOUT = Duration.ofSeconds(75);
  /** Node's requestTimeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);
  /** Connections per worker by default. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** The defaults. */
  public static final ConnectionLimits DEFAULTS = new ConnectionLimits(DEFAULT_HEADER_TIMEOUT,
      DEFAULT_KEEPALIVE_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
  /** No limit at all: what {@code serve()} did before these limits. */
  public static final ConnectionLimits NONE = new ConnectionLimits(Duration.ZERO, Duration.ZERO,
      Duration.ZERO, 0);

  /** The head timeout in milliseconds, 0 for none. */
  public static final String HEADER_TIMEOUT_MS = "CLUSTERKIT_HEADER_TIMEOUT_MS";
  /** The keep-alive timeout in milliseconds, 0 for none. */
  public static final String KEEPALIVE_TIMEOUT_MS = "CLUSTERKIT_KEEPALIVE_TIMEOUT_MS";
  /** The request timeout in milliseconds, 0 for none. */
  public static final String REQUEST_TIMEOUT_MS = "CLUSTERKIT_REQUEST_TIMEOUT_MS";
  /** The most connections per worker, 0 for none. */
  public static final String MAX_CONNECTIONS = "CLUSTERKIT_MAX_CONNECTIONS";

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException naming a negative one
   */
  public ConnectionLimits {
    check("header-timeout", headerTimeout);
    check("keepalive-timeout", keepAliveTimeout);
    check("request-timeout", requestTimeout);
    if (maxConnections < 0) {
      throw new IllegalArgumentException("max-connections must be >= 0, was " + maxConnections);
    }
  }

  private static void check(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value.toMillis() + " ms");
    }
  }

  /**
   * Reads the limits a launcher gave its worker; a variable that is not set keeps its default.
   *
   * @param env the worker's environment
   * @return the limits
   * @throws IllegalArgumentException when a variable is not a number
   */
  public static ConnectionLimits fromEnv(Map<String, String> env) {
    return new ConnectionLimits(
        millis(env, HEADER_TIMEOUT_MS, DEFAULT_HEADER_TIMEOUT),
        millis(env, KEEPALIVE_TIMEOUT_MS, DEFAULT_KEEPALIVE_TIMEOUT),
        millis(env, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT),
        env.containsKey(MAX_CONNECTIONS) ? Integer.parseInt(env.get(MAX_CONNECTIONS))
            : DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Writes these limits into a worker's environment.
   *
   * @param env the environment being built
   */
  public void writeTo(Map<String, String> env) {
    env.put(HEADER_TIMEOUT_MS, Long.toString(headerTimeout.toMillis()));
    env.put(KEEPALIVE_TIMEOUT_MS, Long.toString(keepAliveTimeout.toMillis()));
    env.put(REQUEST_TIMEOUT_MS, Long.toString(requestTimeout.toMillis()));
    env.put(MAX_CONNECTIONS, Integer.toString(maxConnections));
  }

  /**
   * Lowers the connection limit to what a process with fdLimit descriptors can hold with room to
   * spare for everything else it opens (its jars, Hazelcast's and the event bus's sockets, the
   * hand-off's descriptors in flight): a worker that ran out would lose the sockets the launcher
   * hands it. Besides what is open already, the room kept is 256 (the hand-off's descriptors in
   * flight, closes not yet done, files the application opens) plus a sixteenth of the limit.
   *
   * @param fdLimit the process's soft RLIMIT_NOFILE
   * @param openNow the descriptors the process has open now, before it serves
   * @return limits whose maxConnections is at most what fits, and never 0 (no limit) any more
   */
  public ConnectionLimits fittedTo(long fdLimit, long openNow) {
    long fits = Math.max(1, fdLimit - openNow - 256 - fdLimit / 16);
    int max = (int) Math.min(Integer.MAX_VALUE,
        maxConnections == 0 ? fits : Math.min(maxConnections, fits));
    return new ConnectionLimits(headerTimeout, keepAliveTimeout, requestTimeout, max);
  }

  /** @return whether any timeout is on, so that connections need watching */
  public boolean timed() {
    return !headerTimeout.isZero() || !keepAliveTimeout.isZero() || !requestTimeout.isZero();
  }

  private static Duration millis(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    return value == null ? fallback : Duration.ofMillis(Long.parseLong(value.trim()));
  }
}

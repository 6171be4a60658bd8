package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One heartbeat of a worker, sent every {@link #INTERVAL_MILLIS} ms to
 * {@link Addresses#LAUNCHER_HEARTBEAT} (a one-way send) from a thread of its own, so that a
 * blocked event loop cannot silence it. The worker writes it with {@link #toJson()}; the launcher
 * reads it with {@link #fromJson(JsonObject)}, replaces a worker whose beats stop or whose event
 * loop stays blocked, recycles one past its memory ceiling, and shows the figures in
 * {@code status}.
 *
 * @param slot the worker's slot
 * @param gen the worker's generation in its slot
 * @param heapUsed the heap in use now, in bytes
 * @param heapAfterGc the heap in use right after the latest garbage collection, in bytes (0
 *     before the first)
 * @param rss the resident set size of the process, in bytes, or -1 when unknown
 * @param blockedMs how long the worker's most stuck event loop has not run a probe task
 * @param connections the connections open now
 * @param requests the requests received so far
 * @param cpuNanos the CPU time the process has used so far, in nanoseconds, or -1 when unknown
 * @param responses the responses sent so far, or -1 when unknown (the worker records no meters
 *     without {@code -metrics})
 * @param serverErrors the responses with a 5xx status sent so far, or -1 when unknown
 * @param latency how many responses took at most each of {@link #LATENCY_BOUNDS_SECONDS} so far
 *     (cumulative, as a Prometheus histogram counts), or null when unknown
 */
public record Heartbeat(int slot, int gen, long heapUsed, long heapAfterGc, long rss,
    long blockedMs, int connections, long requests, long cpuNanos, long responses,
    long serverErrors, long[] latency) {

  /** Between two beats, in milliseconds; the launcher checks its workers as often. */
  public static final long INTERVAL_MILLIS = 1_000;

  /**
   * The upper bounds of the response-time histogram's buckets, in seconds (100 µs to 10 s): the
   * worker's Prometheus histogram and {@link #latency()} use the same.
   */
  private static final double[] LATENCY_BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
      0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  /**
   * A beat without the load figures a worker records only with {@code -metrics}, and without
   * its CPU time.
   *
   * @param slot the worker's slot
   * @param gen the worker's generation in its slot
   * @param heapUsed the heap in use now, in bytes
   * @param heapAfterGc the heap in use right after the latest garbage collection, in bytes
   * @param rss the resident set size of the process, in bytes, or -1 when unknown
   * @param blockedMs how long the worker's most stuck event loop has not run a probe task
   * @param connections the connections open now
   * @param requests the requests received so far
   */
  public Heartbeat(int slot, int gen, long heapUsed, long heapAfterGc, long rss, long blockedMs,
      int connections, long requests) {
    this(slot, gen, heapUsed, heapAfterGc, rss, blockedMs, connections, requests, -1, -1, -1,
        null);
  }

  /** @return the upper bounds of the response-time buckets, in seconds (a copy) */
  public static double[] latencyBoundsSeconds() {
    return LATENCY_BOUNDS.clone();
  }

  /** @return the beat as a worker sends it */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("slot", slot)
        .put("gen", gen)
        .put("heapUsed", heapUsed)
        .put("heapAfterGc", heapAfterGc)
        .put("rss", rss)
        .put("blockedMs", blockedMs)
        .put("connections", connections)
        .put("requests", requests)
        .put("cpuNanos", cpuNanos)
        .put("responses", responses)
        .put("serverErrors", serverErrors);
    if (latency != null) {
      json.put("latency", new JsonArray(Arrays.stream(latency).boxed()
          .collect(Collectors.toList())));
    }
    return json;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Heartbeat beat && slot == beat.slot && gen == beat.gen
        && heapUsed == beat.heapUsed && heapAfterGc == beat.heapAfterGc && rss == beat.rss
        && blockedMs == beat.blockedMs && connections == beat.connections
        && requests == beat.requests && cpuNanos == beat.cpuNanos
        && responses == beat.responses && serverErrors == beat.serverErrors
        && Arrays.equals(latency, beat.latency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(slot, gen, heapUsed, heapAfterGc, rss, blockedMs, connections, requests,
        cpuNanos, responses, serverErrors, Arrays.hashCode(latency));
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  /**
   * Reads a beat as the launcher receives it; a figure it lacks reads as 0.
   *
   * @param json what {@link #toJson()} wrote
   * @return the beat
   * @throws IllegalArgumentException when json names no slot or generation, or a figure is not
   *     a number
   */
  public static Heartbeat fromJson(JsonObject json) {
    Objects.requireNonNull(json, "json");
    try {
      Integer slot = json.getInteger("slot");
      Integer gen = json.getInteger("gen");
      if (slot == null || gen == null) {
        throw new IllegalArgumentException("not a heartbeat (no slot or gen): " + json.encode());
      }
      return new Heartbeat(slot, gen, json.getLong("heapUsed", 0L),
          json.getLong("heapAfterGc", 0L), json.getLong("rss", 0L),
          json.getLong("blockedMs", 0L), json.getInteger("connections", 0),
          json.getLong("requests", 0L), json.getLong("cpuNanos", -1L),
          json.getLong("responses", -1L), json.getLong("serverErrors", -1L),
          latency(json.getJsonArray("latency")));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("not a heartbeat: " + json.encode(), e);
    }
  }

  private static long[] latency(JsonArray counts) {
    if (counts == null) {
      return null;
    }
    if (counts.size() != LATENCY_BOUNDS.length) {
      throw new IllegalArgumentException("a heartbeat's latency has " + counts.size()
          + " buckets, not " + LATENCY_BOUNDS.length);
    }
    long[] latency = new long[counts.size()];
    for (int i = 0; i < latency.length; i++) {
      latency[i] = counts.getLong(i);
    }
    return latency;
  }
}

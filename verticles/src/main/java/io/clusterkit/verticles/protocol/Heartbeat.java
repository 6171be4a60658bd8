package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

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
 */
public record Heartbeat(int slot, int gen, long heapUsed, long heapAfterGc, long rss,
    long blockedMs, int connections, long requests) {

  /** Between two beats, in milliseconds; the launcher checks its workers as often. */
  public static final long INTERVAL_MILLIS = 1_000;

  /** @return the beat as a worker sends it */
  public JsonObject toJson() {
    return new JsonObject()
        .put("slot", slot)
        .put("gen", gen)
        .put("heapUsed", heapUsed)
        .put("heapAfterGc", heapAfterGc)
        .put("rss", rss)
        .put("blockedMs", blockedMs)
        .put("connections", connections)
        .put("requests", requests);
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
          json.getLong("requests", 0L));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("not a heartbeat: " + json.encode(), e);
    }
  }
}

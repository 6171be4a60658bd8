package io.clusterkit.launcher.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The latest things the supervisor did and saw, for the dashboard: forks, workers online,
 * exits with their code or signal, planned or not and why, reload progress slot by slot,
 * scaling, health failures. Keeps the last {@code capacity}; each entry has a sequence number,
 * so a reader asks only for what it has not seen.
 */
public final class EventLog {

  /** What an entry is about, for the page's colours. */
  public enum Kind {
    /** A worker process was spawned. */
    FORK,
    /** A worker became READY. */
    ONLINE,
    /** A worker process ended as the launcher asked. */
    EXIT,
    /** A worker process ended unexpectedly. */
    CRASH,
    /** Another state transition. */
    STATE,
    /** A reload, restart, scale or stop command and its outcome. */
    COMMAND,
    /** A failed health check, a missed heartbeat, a blocked event loop. */
    HEALTH,
    /** Anything else the supervisor notes. */
    NOTE
  }

  private final int capacity;
  private final Deque<JsonObject> entries = new ArrayDeque<>();
  private long sequence;

  /**
   * An empty log.
   *
   * @param capacity how many entries it keeps
   */
  public EventLog(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds an entry.
   *
   * @param atMillis when, wall-clock milliseconds
   * @param kind what it is about
   * @param slot the slot it concerns, or -1 for the cluster
   * @param text what happened
   */
  public void add(long atMillis, Kind kind, int slot, String text) {
    entries.addLast(new JsonObject().put("seq", ++sequence).put("t", atMillis)
        .put("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).put("slot", slot)
        .put("text", text));
    while (entries.size() > capacity) {
      entries.removeFirst();
    }
  }

  /** @return the sequence number of the latest entry, 0 before any */
  public long latest() {
    return sequence;
  }

  /**
   * The entries after a sequence number.
   *
   * @param seq the latest a reader has seen, 0 for all
   * @return those after it, oldest first
   */
  public JsonArray since(long seq) {
    JsonArray out = new JsonArray();
    for (JsonObject entry : entries) {
      if (entry.getLong("seq") > seq) {
        out.add(entry);
      }
    }
    return out;
  }
}

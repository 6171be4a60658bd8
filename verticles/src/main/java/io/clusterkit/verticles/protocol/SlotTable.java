package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The launcher's slot table as messaging sees it: for each slot, its state and the generation of
 * its READY process, if any, with a version that only grows. The launcher publishes it on every
 * change; workers keep the newest one they have seen and decide from it, never from event-bus
 * subscriptions or Hazelcast membership (which lag by seconds), whether a slot can be sent to.
 * The launcher builds it and publishes {@link #toJson()} on {@link Addresses#SLOTS} (and in its
 * reply to a {@link ReadyReport}); workers read it with {@link #fromJson(JsonObject)} and hand
 * it to their {@link Messenger}. Immutable.
 */
public final class SlotTable {

  /** What a worker knows before the launcher has told it anything. */
  public static final SlotTable UNKNOWN = new SlotTable(-1, List.of());

  /**
   * One slot of the table.
   *
   * @param state the slot's state as the launcher shows it (READY, STARTING, FAILED...)
   * @param readyGen the generation of its READY process, 0 when none is READY
   */
  public record Entry(String state, int readyGen) {

    /**
     * Checks the entry.
     *
     * @param state not null
     * @param readyGen zero or more
     */
    public Entry {
      Objects.requireNonNull(state, "state");
      if (readyGen < 0) {
        throw new IllegalArgumentException("readyGen must be >= 0, was " + readyGen);
      }
    }
  }

  private final long version;
  private final List<Entry> slots;

  /**
   * Creates a table.
   *
   * @param version the launcher's version of it, growing with every change
   * @param slots one entry per slot, in slot order
   */
  public SlotTable(long version, List<Entry> slots) {
    this.version = version;
    this.slots = List.copyOf(slots);
  }

  /** @return the version; -1 for {@link #UNKNOWN} */
  public long version() {
    return version;
  }

  /** @return the number of slots */
  int size() {
    return slots.size();
  }

  /** @return one entry per slot, in slot order */
  public List<Entry> entries() {
    return slots;
  }

  /**
   * Looks a slot up.
   *
   * @param slot any slot number
   * @return the generation of the slot's READY process, 0 when it has none or is out of range
   */
  int readyGen(int slot) {
    return slot >= 0 && slot < slots.size() ? slots.get(slot).readyGen() : 0;
  }

  /** @return the slots that have a READY process, in order */
  public List<Integer> readySlots() {
    List<Integer> ready = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).readyGen() > 0) {
        ready.add(i);
      }
    }
    return List.copyOf(ready);
  }

  /**
   * Says whether this table replaces other.
   *
   * @param other the table held so far
   * @return true when this one's version is higher
   */
  boolean newerThan(SlotTable other) {
    return version > other.version;
  }

  /** @return the states, e.g. {@code "0=READY 1=STARTING"} */
  String describe() {
    if (version < 0) {
      return "slot table not received yet";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < slots.size(); i++) {
      out.append(i == 0 ? "" : " ").append(i).append('=').append(slots.get(i).state());
    }
    return out.toString();
  }

  /**
   * Explains why a slot cannot be sent to.
   *
   * @param slot the slot
   * @return e.g. {@code "no READY worker in slot 1 (slots: 0=READY 1=STARTING)"}
   */
  String noReadyWorker(int slot) {
    return "no READY worker in slot " + slot
        + (version < 0 ? " (" + describe() + ")" : " (slots: " + describe() + ")");
  }

  /** @return the table as the launcher publishes it */
  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    for (Entry entry : slots) {
      JsonObject json = new JsonObject().put("state", entry.state());
      if (entry.readyGen() > 0) {
        json.put("gen", entry.readyGen());
      }
      array.add(json);
    }
    return new JsonObject().put("version", version).put("slots", array);
  }

  /**
   * Reads a published table.
   *
   * @param json what {@link #toJson()} wrote
   * @return the table
   * @throws IllegalArgumentException when json is not a slot table
   */
  public static SlotTable fromJson(JsonObject json) {
    Objects.requireNonNull(json, "json");
    try {
      List<Entry> entries = new ArrayList<>();
      for (Object slot : json.getJsonArray("slots")) {
        JsonObject entry = (JsonObject) slot;
        entries.add(new Entry(entry.getString("state"), entry.getInteger("gen", 0)));
      }
      return new SlotTable(json.getLong("version"), entries);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a slot table: " + json.encode(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SlotTable other && version == other.version && slots.equals(other.slots);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + slots.hashCode();
  }

  @Override
  public String toString() {
    return "slot table v" + version + " (" + describe() + ")";
  }
}

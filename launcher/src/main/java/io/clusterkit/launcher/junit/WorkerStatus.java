package io.clusterkit.launcher.junit;

import io.vertx.core.json.JsonObject;

/**
 * One slot's entry of the launcher's {@code GET /status}: which process serves the slot now and
 * in which state.
 *
 * @param slot the slot
 * @param gen the generation of its process (1 for the first, one more per replacement)
 * @param pid the process id, or a negative number while the slot has no process
 * @param state the state: {@code STARTING}, {@code READY}, {@code DRAINING}, {@code EXITED} or
 *     {@code FAILED}
 * @param json the whole entry (restarts, health, heartbeat figures)
 */
public record WorkerStatus(int slot, long gen, long pid, String state, JsonObject json) {

  /**
   * Reads one entry of the {@code workers} array.
   *
   * @param json the entry
   * @return the worker's status
   */
  public static WorkerStatus fromJson(JsonObject json) {
    return new WorkerStatus(json.getInteger("slot"), json.getLong("gen"), json.getLong("pid"),
        String.valueOf(json.getValue("state")), json);
  }

  /** @return whether the slot's process is READY (routed to) */
  public boolean ready() {
    return "READY".equals(state);
  }

  /**
   * @return how the slot's latest process ended ({@code gen}, {@code pid}, {@code exitCode},
   *     {@code signal}, {@code planned}, {@code reason}, {@code description}), or null while
   *     none has
   */
  public JsonObject lastExit() {
    return json.getJsonObject("lastExit");
  }

  /**
   * @return the HTTP health check's state of the process ({@code waiting}, {@code failures},
   *     {@code lastFailure}, {@code admittedAfterMs}, {@code admitChecks}, {@code refusedWith},
   *     {@code probe}), or null without {@code -health} or before it reported READY
   */
  public JsonObject health() {
    return json.getJsonObject("health");
  }

  @Override
  public String toString() {
    return "slot " + slot + " gen " + gen + " pid " + pid + " " + state;
  }
}

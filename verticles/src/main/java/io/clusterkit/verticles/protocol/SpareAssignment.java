package io.clusterkit.verticles.protocol;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The launcher's answer to a waiting spare: the slot it now serves, and the environment
 * variables ({@link WorkerEnv}) a worker started for that slot would have had and the spare's
 * lack (its slot, generation, sockets). The spare takes them over and boots on as that worker:
 * it deploys the verticle, reports READY, beats. The launcher writes it with {@link #toJson()},
 * the spare reads it with {@link #fromJson(JsonObject)}.
 *
 * @param spare the spare's number
 * @param slot the slot it serves from now on
 * @param gen its generation in that slot
 * @param env the variables to set, each a {@link WorkerEnv} name
 */
public record SpareAssignment(int spare, int slot, int gen, Map<String, String> env) {

  /** Copies env and checks the fields. */
  public SpareAssignment {
    if (slot < 0 || gen < 1) {
      throw new IllegalArgumentException("an assignment needs slot >= 0 and gen >= 1, was slot "
          + slot + " gen " + gen);
    }
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** @return the assignment as the launcher sends it */
  public JsonObject toJson() {
    JsonObject vars = new JsonObject();
    env.forEach(vars::put);
    return new JsonObject().put("spare", spare).put("slot", slot).put("gen", gen)
        .put("env", vars);
  }

  /**
   * Reads an answer as a spare receives it.
   *
   * @param json what {@link #toJson()} wrote, or an empty object
   * @return the assignment, or null when the answer is "keep waiting" (no slot in it)
   * @throws IllegalArgumentException when it names a slot but is malformed
   */
  public static SpareAssignment fromJson(JsonObject json) {
    if (json == null || !(json.getValue("slot") instanceof Number slot)) {
      return null;
    }
    if (!(json.getValue("gen") instanceof Number gen)
        || !(json.getValue("spare") instanceof Number spare)) {
      throw new IllegalArgumentException("not an assignment (no gen or spare): " + json.encode());
    }
    Map<String, String> env = new HashMap<>();
    JsonObject vars = json.getJsonObject("env", new JsonObject());
    vars.forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new SpareAssignment(spare.intValue(), slot.intValue(), gen.intValue(), env);
  }

  /**
   * The environment the spare boots on with: its own, with the assignment's variables over it
   * and {@link WorkerEnv#SPARE} removed.
   *
   * @param own the spare's environment
   * @return a new map
   */
  public Map<String, String> applyTo(Map<String, String> own) {
    Map<String, String> merged = new HashMap<>(own);
    merged.putAll(env);
    merged.remove(WorkerEnv.SPARE);
    return merged;
  }
}

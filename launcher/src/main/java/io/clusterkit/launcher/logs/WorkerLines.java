package io.clusterkit.launcher.logs;

import ch.qos.logback.classic.encoder.JsonEncoder;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * What one line of a worker's output becomes in its slot's file: in text, the line behind the
 * slot, pid and gen (the appender puts the time in front); in JSON, the worker's own log event
 * (Logback's {@link JsonEncoder} fields) with {@code slot}, {@code gen} and {@code pid} added,
 * or, for output that is no log event (a {@code System.out.println}), an event of the same
 * fields whose logger is {@code stdout} or {@code stderr}.
 */
public final class WorkerLines {

  /** The field of the slot in JSON lines. */
  public static final String SLOT = "slot";
  /** The field of the process generation within the slot in JSON lines. */
  public static final String GEN = "gen";
  /** The field of the worker's process id in JSON lines. */
  public static final String PID = "pid";

  private WorkerLines() {
  }

  /**
   * A line of the text format, without its time.
   *
   * @param line what the worker wrote
   * @param slot the worker's slot
   * @param gen its generation
   * @param pid its process id
   * @return {@code slot=S pid=P gen=G } and the line
   */
  public static String text(String line, int slot, int gen, long pid) {
    return "slot=" + slot + " pid=" + pid + " gen=" + gen + " " + line;
  }

  /**
   * A line of the JSON format.
   *
   * @param line what the worker wrote
   * @param slot the worker's slot
   * @param gen its generation
   * @param pid its process id
   * @param stderr whether the line came on the worker's standard error
   * @param nowMillis the time to give a line that is not a log event
   * @return one JSON object, without a line end
   */
  public static String json(String line, int slot, int gen, long pid, boolean stderr,
      long nowMillis) {
    JsonObject event = event(line);
    JsonObject out = new JsonObject();
    if (event == null) {
      String stream = stderr ? "stderr" : "stdout";
      return out.put(JsonEncoder.TIMESTAMP_ATTR_NAME, nowMillis)
          .put(JsonEncoder.LEVEL_ATTR_NAME, stderr ? "WARN" : "INFO")
          .put(SLOT, slot).put(GEN, gen).put(PID, pid)
          .put(JsonEncoder.LOGGER_ATTR_NAME, stream)
          .put(JsonEncoder.FORMATTED_MESSAGE_ATTR_NAME, line)
          .encode();
    }
    out.put(JsonEncoder.TIMESTAMP_ATTR_NAME, event.getValue(JsonEncoder.TIMESTAMP_ATTR_NAME))
        .put(JsonEncoder.LEVEL_ATTR_NAME, event.getValue(JsonEncoder.LEVEL_ATTR_NAME))
        .put(SLOT, slot).put(GEN, gen).put(PID, pid);
    for (Map.Entry<String, Object> field : event) {
      if (!out.containsKey(field.getKey())) {
        out.put(field.getKey(), field.getValue());
      }
    }
    return out.encode();
  }

  /** @return the line as a log event of the worker's JSON encoder, or null when it is not one */
  private static JsonObject event(String line) {
    if (!line.startsWith("{") || !line.endsWith("}")) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(line);
      return json.containsKey(JsonEncoder.TIMESTAMP_ATTR_NAME)
          && json.containsKey(JsonEncoder.LEVEL_ATTR_NAME) ? json : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}

package io.clusterkit.launcher.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last {@code capacity} seconds of every slot's requests a second, 99th percentile and
 * memory, one point a second for all slots at once, and the restarts in that time. A slot keeps
 * one line for its whole life: a new process in it continues the line, its exit is a marker. A
 * slot that appears later (a scale-up) has no value before; one that goes away ends its line.
 * Recording a second costs O(slots), nothing per request.
 */
public final class LiveHistory {

  /** The figures of one slot in one second; NaN where unknown. */
  public record Point(double requestsPerSecond, double p99Millis, double rssBytes) {
  }

  /**
   * A worker that left its slot.
   *
   * @param atMillis when, wall-clock milliseconds
   * @param slot the slot
   * @param gen the generation that exited
   * @param planned whether the launcher asked for it (reload, restart, scale, stop)
   * @param why what happened, as the event log says it
   */
  public record Marker(long atMillis, int slot, int gen, boolean planned, String why) {

    /** @return the marker as the dashboard reads it */
    public JsonObject toJson() {
      return new JsonObject().put("t", atMillis).put("slot", slot).put("gen", gen)
          .put("planned", planned).put("why", why);
    }
  }

  private static final int SERIES = 3;

  private final int capacity;
  private final long[] times;
  private final Map<Integer, double[][]> slots = new TreeMap<>();
  private final Deque<Marker> markers = new ArrayDeque<>();
  private long recorded;

  /**
   * An empty history.
   *
   * @param capacity how many seconds it keeps, at least 1
   */
  public LiveHistory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.times = new long[capacity];
  }

  /**
   * Records one second.
   *
   * @param atMillis when, wall-clock milliseconds
   * @param points each slot's figures, by slot; a slot absent has no value this second
   */
  public void record(long atMillis, Map<Integer, Point> points) {
    int at = (int) (recorded % capacity);
    times[at] = atMillis;
    for (Map.Entry<Integer, Point> entry : points.entrySet()) {
      slots.computeIfAbsent(entry.getKey(), slot -> {
        double[][] series = new double[SERIES][capacity];
        for (double[] values : series) {
          java.util.Arrays.fill(values, Double.NaN);
        }
        return series;
      });
    }
    for (Map.Entry<Integer, double[][]> entry : slots.entrySet()) {
      Point point = points.get(entry.getKey());
      double[][] series = entry.getValue();
      series[0][at] = point == null ? Double.NaN : point.requestsPerSecond();
      series[1][at] = point == null ? Double.NaN : point.p99Millis();
      series[2][at] = point == null ? Double.NaN : point.rssBytes();
    }
    recorded++;
    long oldest = times[(int) (recorded <= capacity ? 0 : recorded % capacity)];
    while (!markers.isEmpty() && markers.peekFirst().atMillis() < oldest) {
      markers.removeFirst();
    }
  }

  /**
   * Marks a worker's exit on its slot's line.
   *
   * @param marker the exit
   */
  public void mark(Marker marker) {
    markers.addLast(marker);
    while (markers.size() > capacity) {
      markers.removeFirst();
    }
  }

  /** @return how many seconds it holds now */
  public int size() {
    return (int) Math.min(recorded, capacity);
  }

  /** @return the markers still inside the history, oldest first */
  public java.util.List<Marker> markers() {
    return java.util.List.copyOf(markers);
  }

  /**
   * The history as the dashboard draws it: {@code t} (milliseconds, oldest first), and per slot
   * the arrays {@code rps}, {@code p99} and {@code rss} aligned on it (null where unknown), and
   * the restart {@code markers}.
   *
   * @return the history
   */
  public JsonObject toJson() {
    int size = size();
    int first = recorded <= capacity ? 0 : (int) (recorded % capacity);
    JsonArray t = new JsonArray();
    for (int i = 0; i < size; i++) {
      t.add(times[(first + i) % capacity]);
    }
    JsonObject bySlot = new JsonObject();
    for (Map.Entry<Integer, double[][]> entry : slots.entrySet()) {
      JsonObject series = new JsonObject();
      String[] names = {"rps", "p99", "rss"};
      for (int s = 0; s < SERIES; s++) {
        JsonArray values = new JsonArray();
        for (int i = 0; i < size; i++) {
          double v = entry.getValue()[s][(first + i) % capacity];
          values.add(Double.isNaN(v) ? null : v);
        }
        series.put(names[s], values);
      }
      bySlot.put(String.valueOf(entry.getKey()), series);
    }
    JsonArray marks = new JsonArray();
    markers.forEach(marker -> marks.add(marker.toJson()));
    return new JsonObject().put("t", t).put("slots", bySlot).put("markers", marks);
  }
}

package io.clusterkit.launcher.live;

import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.verticles.protocol.Heartbeat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The launcher's live figures: once a second {@link #tick} turns every slot's two latest
 * heartbeats into a row (state, gen, pid, uptime, restarts, requests/s, p50/p99, errors/s, CPU,
 * RSS, heap, event-loop delay, connections, health) and the cluster's totals, records a second of
 * {@link LiveHistory}, and hands the snapshot to its listeners; the supervisor's decisions feed
 * the {@link EventLog} and the restart markers. The work is O(slots) a second and nothing per
 * request. Used on the supervisor's context only.
 */
public final class LiveStats {

  /** Ten minutes of seconds. */
  public static final int HISTORY_SECONDS = 600;
  /** A READY worker whose latest heartbeat is older than this is shown late. */
  static final long LATE_NANOS = 2_500_000_000L;

  /**
   * A worker's two latest heartbeats, as the health monitor keeps them.
   *
   * @param before the one before the latest, or null
   * @param beforeNanos when it arrived
   * @param latest the latest
   * @param latestNanos when it arrived
   */
  public record Beats(Heartbeat before, long beforeNanos, Heartbeat latest, long latestNanos) {
  }

  private final LongSupplier wallMillis;
  private final LiveHistory history = new LiveHistory(HISTORY_SECONDS);
  private final EventLog events = new EventLog(200);
  private final List<Consumer<JsonObject>> listeners = new ArrayList<>();
  private java.util.function.Supplier<JsonArray> spares = JsonArray::new;
  private JsonObject latest = new JsonObject().put("rows", new JsonArray())
      .put("totals", new JsonObject());

  /**
   * An empty live view.
   *
   * @param wallMillis the wall clock, for the times shown
   */
  public LiveStats(LongSupplier wallMillis) {
    this.wallMillis = wallMillis;
  }

  /**
   * Computes this second's figures and records them.
   *
   * @param workers every slot
   * @param beats a worker's heartbeats by (slot, gen), or null when none came
   * @param health a worker's health text by its info (as {@link HealthText} words it)
   * @param nowNanos the monotonic time now
   * @return the snapshot: {@code t}, {@code rows}, {@code totals}
   */
  public JsonObject tick(List<WorkerInfo> workers, BiFunction<Integer, Integer, Beats> beats,
      java.util.function.Function<WorkerInfo, String> health, long nowNanos) {
    long now = wallMillis.getAsLong();
    JsonArray rows = new JsonArray();
    Map<Integer, LiveHistory.Point> points = new HashMap<>();
    Totals totals = new Totals();
    for (WorkerInfo info : workers) {
      Beats pair = info.pid() < 0 ? null : beats.apply(info.slot(), info.gen());
      Heartbeat beat = pair == null ? null : pair.latest();
      Rates rates = pair == null ? Rates.UNKNOWN
          : Rates.between(pair.before(), pair.beforeNanos(), beat, pair.latestNanos());
      JsonObject row = new JsonObject()
          .put("slot", info.slot()).put("gen", info.gen()).put("pid", info.pid())
          .put("state", info.state().name()).put("uptimeMs", info.uptime().toMillis())
          .put("restarts", info.restarts())
          .put("rps", number(rates.requestsPerSecond()))
          .put("errorsPerSecond", number(rates.errorsPerSecond()))
          .put("p50Ms", number(rates.p50Millis())).put("p99Ms", number(rates.p99Millis()))
          .put("cpuPercent", number(rates.cpuPercent()));
      if (beat != null) {
        row.put("rssBytes", beat.rss()).put("heapBytes", beat.heapUsed())
            .put("blockedMs", beat.blockedMs()).put("connections", beat.connections())
            .put("beatAgeMs", (nowNanos - pair.latestNanos()) / 1_000_000);
      }
      row.put("health", health.apply(info));
      rows.add(row);
      totals.add(info, pair, rates);
      if (info.state() != WorkerState.EXITED || info.pid() >= 0) {
        points.put(info.slot(), new LiveHistory.Point(rates.requestsPerSecond(),
            rates.p99Millis(), beat == null || beat.rss() < 0 ? Double.NaN : beat.rss()));
      }
    }
    history.record(now, points);
    latest = new JsonObject().put("t", now).put("rows", rows).put("totals", totals.toJson())
        .put("spares", spares.get()).put("eventSeq", events.latest());
    for (Consumer<JsonObject> listener : List.copyOf(listeners)) {
      listener.accept(latest);
    }
    return latest;
  }

  /** @return the latest snapshot, as {@link #tick} returned it */
  public JsonObject latest() {
    return latest;
  }

  /**
   * Sets where each second's figures find the spares (state SPARE, no slot) to show.
   *
   * @param spares one JSON object per spare: spare, pid, booted, sinceMs, rssBytes
   */
  public void spares(java.util.function.Supplier<JsonArray> spares) {
    this.spares = java.util.Objects.requireNonNull(spares, "spares");
  }

  /** @return the history of the last ten minutes */
  public LiveHistory history() {
    return history;
  }

  /** @return the event log */
  public EventLog events() {
    return events;
  }

  /**
   * Adds a listener of every snapshot.
   *
   * @param listener called on the supervisor's context after each tick
   */
  public void listen(Consumer<JsonObject> listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener.
   *
   * @param listener as given to {@link #listen}
   */
  public void unlisten(Consumer<JsonObject> listener) {
    listeners.remove(listener);
  }

  /**
   * Logs an event the supervisor is given, when it is one the log shows (a command, a health
   * failure, a memory or request-limit recycle).
   *
   * @param event the event
   */
  public void event(Event event) {
    long now = wallMillis.getAsLong();
    if (event instanceof Event.ReloadRequested) {
      events.add(now, EventLog.Kind.COMMAND, -1, "reload requested");
    } else if (event instanceof Event.ScaleRequested scale) {
      events.add(now, EventLog.Kind.COMMAND, -1, "scale to " + scale.workers() + " requested");
    } else if (event instanceof Event.RestartRequested restart) {
      events.add(now, EventLog.Kind.COMMAND, restart.slot(),
          "restart of slot " + restart.slot() + " requested");
    } else if (event instanceof Event.StopRequested) {
      events.add(now, EventLog.Kind.COMMAND, -1, "stop requested");
    } else if (event instanceof Event.Unhealthy bad) {
      events.add(now, EventLog.Kind.HEALTH, bad.slot(), "slot " + bad.slot() + " gen "
          + bad.gen() + " unhealthy: " + bad.reason());
    } else if (event instanceof Event.Recycle recycle) {
      events.add(now, EventLog.Kind.HEALTH, recycle.slot(), "slot " + recycle.slot() + " gen "
          + recycle.gen() + " to recycle: " + recycle.reason());
    }
  }

  /**
   * Logs what the supervisor decided that the log shows: transitions (online, draining) and the
   * outcome of a reload, restart or scale.
   *
   * @param action one of its actions
   */
  public void action(Action action) {
    long now = wallMillis.getAsLong();
    if (action instanceof Action.Transition t) {
      String who = "slot " + t.slot() + " gen " + t.gen() + " pid "
          + (t.pid() < 0 ? "-" : t.pid());
      String detail = t.detail().isEmpty() ? "" : " (" + t.detail() + ")";
      long ms = t.nanosInPrevious() / 1_000_000;
      if (t.to() == WorkerState.READY) {
        events.add(now, EventLog.Kind.ONLINE, t.slot(), who + " online in " + ms + " ms");
      } else if (t.to() != WorkerState.EXITED) {
        events.add(now, t.planned() ? EventLog.Kind.STATE : EventLog.Kind.CRASH, t.slot(),
            who + ": " + t.from() + " -> " + t.to() + detail);
      }
    } else if (action instanceof Action.ReloadDone done) {
      events.add(now, EventLog.Kind.COMMAND, -1, "reload " + done.outcome().name()
          .toLowerCase(java.util.Locale.ROOT) + ": " + done.detail());
    } else if (action instanceof Action.RestartDone done) {
      events.add(now, EventLog.Kind.COMMAND, done.slot(), "restart of slot " + done.slot() + " "
          + done.outcome().name().toLowerCase(java.util.Locale.ROOT) + ": " + done.detail());
    } else if (action instanceof Action.ScaleDone done) {
      events.add(now, EventLog.Kind.COMMAND, -1, (done.accepted() ? "scaled " : "scale refused ")
          + done.previous() + " -> " + done.workers() + ": " + done.detail());
    } else if (action instanceof Action.Note note) {
      events.add(now, EventLog.Kind.NOTE, note.slot(), "slot " + note.slot() + " gen "
          + note.gen() + ": " + note.message());
    }
  }

  /**
   * Logs a spawned worker process.
   *
   * @param slot its slot
   * @param gen its generation
   * @param pid its process id
   */
  public void forked(int slot, int gen, long pid) {
    events.add(wallMillis.getAsLong(), EventLog.Kind.FORK, slot,
        "slot " + slot + " gen " + gen + " pid " + pid + " forked");
  }

  /**
   * Logs a worker's exit and marks it on its slot's line.
   *
   * @param exit how it ended
   */
  public void exited(WorkerExit exit) {
    long now = wallMillis.getAsLong();
    String text = exit.describe();
    if (exit.reason() != null && !text.contains(exit.reason())) {
      text += " (" + exit.reason() + ")";
    }
    events.add(now, exit.planned() ? EventLog.Kind.EXIT : EventLog.Kind.CRASH, exit.slot(), text);
    history.mark(new LiveHistory.Marker(now, exit.slot(), exit.gen(), exit.planned(), text));
  }

  private static Double number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null
        : Math.round(value * 100) / 100.0;
  }

  /** The cluster's sums; its latency quantiles come from the slots' merged bucket deltas. */
  private static final class Totals {
    private final double[] bounds = Heartbeat.latencyBoundsSeconds();
    private final long[] before = new long[bounds.length];
    private final long[] after = new long[bounds.length];
    private long responses;
    private int workers;
    private int ready;
    private int restarts;
    private double rps;
    private double errors;
    private double cpu;
    private long rss;
    private long heap;
    private long connections;

    void add(WorkerInfo info, Beats pair, Rates rates) {
      workers++;
      restarts += info.restarts();
      if (info.state() == WorkerState.READY) {
        ready++;
      }
      rps += Double.isNaN(rates.requestsPerSecond()) ? 0 : rates.requestsPerSecond();
      errors += Double.isNaN(rates.errorsPerSecond()) ? 0 : rates.errorsPerSecond();
      cpu += Double.isNaN(rates.cpuPercent()) ? 0 : rates.cpuPercent();
      if (pair == null) {
        return;
      }
      Heartbeat beat = pair.latest();
      rss += Math.max(0, beat.rss());
      heap += beat.heapUsed();
      connections += beat.connections();
      Heartbeat prior = pair.before();
      if (prior != null && prior.gen() == beat.gen() && beat.latency() != null
          && prior.latency() != null && beat.responses() >= prior.responses()) {
        responses += beat.responses() - prior.responses();
        for (int i = 0; i < bounds.length; i++) {
          before[i] += prior.latency()[i];
          after[i] += beat.latency()[i];
        }
      }
    }

    JsonObject toJson() {
      return new JsonObject().put("workers", workers).put("ready", ready)
          .put("restarts", restarts).put("rps", number(rps))
          .put("errorsPerSecond", number(errors))
          .put("p50Ms", number(LatencyQuantile.of(0.5, bounds, before, after, responses) * 1000))
          .put("p99Ms", number(LatencyQuantile.of(0.99, bounds, before, after, responses) * 1000))
          .put("cpuPercent", number(cpu)).put("rssBytes", rss).put("heapBytes", heap)
          .put("connections", connections);
    }
  }
}

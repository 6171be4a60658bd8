package io.clusterkit.launcher.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.verticles.protocol.Heartbeat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveStatsTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong wall = new AtomicLong(1_000_000);
  private final LiveStats live = new LiveStats(wall::get);
  private final Map<String, LiveStats.Beats> beats = new HashMap<>();

  private static WorkerInfo worker(int slot, int gen, WorkerState state) {
    return new WorkerInfo(slot, gen, 100 + slot * 10 + gen, state, Duration.ofSeconds(5),
        gen - 1);
  }

  private static Heartbeat beat(int slot, int gen, long requests, long rss) {
    return new Heartbeat(slot, gen, 10, 5, rss, 0, 2, requests);
  }

  private JsonObject tick(List<WorkerInfo> workers, long now) {
    wall.addAndGet(1000);
    return live.tick(workers, (slot, gen) -> beats.get(slot + "/" + gen), info -> "ok", now);
  }

  @Test
  void aRowPerSlotWithItsRateAndTheClustersTotals() {
    beats.put("0/1", new LiveStats.Beats(beat(0, 1, 100, 50), 0, beat(0, 1, 300, 60), SECOND));
    beats.put("1/1", new LiveStats.Beats(beat(1, 1, 0, 70), 0, beat(1, 1, 100, 80), SECOND));
    JsonObject snapshot = tick(List.of(worker(0, 1, WorkerState.READY),
        worker(1, 1, WorkerState.READY)), SECOND);
    JsonArray rows = snapshot.getJsonArray("rows");
    assertThat(rows).hasSize(2);
    assertThat(rows.getJsonObject(0).getDouble("rps")).isEqualTo(200.0);
    assertThat(rows.getJsonObject(0).getLong("rssBytes")).isEqualTo(60);
    assertThat(rows.getJsonObject(0).getValue("p99Ms")).as("no meters").isNull();
    assertThat(rows.getJsonObject(1).getString("health")).isEqualTo("ok");
    JsonObject totals = snapshot.getJsonObject("totals");
    assertThat(totals.getDouble("rps")).isEqualTo(300.0);
    assertThat(totals.getInteger("ready")).isEqualTo(2);
    assertThat(totals.getLong("rssBytes")).isEqualTo(140);
    assertThat(totals.getLong("connections")).isEqualTo(4);
    assertThat(live.latest()).isSameAs(snapshot);
  }

  @Test
  void aRestartKeepsTheSlotsLineAndLeavesAMarkerAndLogLines() {
    List<JsonObject> heard = new ArrayList<>();
    live.listen(heard::add);
    beats.put("1/1", new LiveStats.Beats(beat(1, 1, 0, 70), 0, beat(1, 1, 100, 80), SECOND));
    tick(List.of(worker(1, 1, WorkerState.READY)), SECOND);
    live.exited(new WorkerExit(1, 1, 111, 137, 9, false));
    live.forked(1, 2, 112);
    live.action(new Action.Transition(1, 2, 112, WorkerState.STARTING, WorkerState.READY,
        800_000_000L, "", true));
    beats.put("1/2", new LiveStats.Beats(null, 0, beat(1, 2, 5, 90), 2 * SECOND));
    tick(List.of(worker(1, 2, WorkerState.READY)), 2 * SECOND);

    JsonObject history = live.history().toJson();
    assertThat(history.getJsonObject("slots").fieldNames()).containsExactly("1");
    assertThat(history.getJsonObject("slots").getJsonObject("1").getJsonArray("rss").getList())
        .containsExactly(80.0, 90.0);
    assertThat(history.getJsonArray("markers")).hasSize(1);
    JsonObject marker = history.getJsonArray("markers").getJsonObject(0);
    assertThat(marker.getBoolean("planned")).isFalse();
    assertThat(marker.getString("why")).contains("signal 9 (KILL)", "unexpected");
    JsonArray log = live.events().since(0);
    assertThat(log).hasSize(3);
    assertThat(log.getJsonObject(0).getString("kind")).isEqualTo("crash");
    assertThat(log.getJsonObject(1).getString("text")).isEqualTo("slot 1 gen 2 pid 112 forked");
    assertThat(log.getJsonObject(2).getString("text"))
        .isEqualTo("slot 1 gen 2 pid 112 online in 800 ms");
    assertThat(heard).hasSize(2);
    assertThat(heard.get(1).getLong("eventSeq")).isEqualTo(3);
  }

  @Test
  void commandsHealthFailuresAndOutcomesAreLogged() {
    live.event(new Event.ReloadRequested(2));
    live.event(new Event.Unhealthy(0, 3, "no heartbeat for 5000 ms"));
    live.event(new Event.Spawned(0, 4, 99));
    live.action(new Action.ReloadDone(Action.ReloadDone.Outcome.DONE, List.of(0, 1),
        "rolled slots [0, 1]"));
    live.action(new Action.ScaleDone(true, 2, 3, "started slot 2"));
    live.action(new Action.Transition(0, 1, 5, WorkerState.READY, WorkerState.DRAINING, 1,
        "reload", true));
    JsonArray log = live.events().since(0);
    assertThat(log.stream().map(e -> ((JsonObject) e).getString("text")).toList())
        .containsExactly("reload requested", "slot 0 gen 3 unhealthy: no heartbeat for 5000 ms",
            "reload done: rolled slots [0, 1]", "scaled 2 -> 3: started slot 2",
            "slot 0 gen 1 pid 5: READY -> DRAINING (reload)");
    assertThat(live.events().since(4)).hasSize(1);
  }

  @Test
  void theEventLogKeepsItsLatestEntries() {
    EventLog log = new EventLog(3);
    for (int i = 1; i <= 5; i++) {
      log.add(i, EventLog.Kind.NOTE, 0, "n" + i);
    }
    assertThat(log.since(0).stream().map(e -> ((JsonObject) e).getString("text")).toList())
        .containsExactly("n3", "n4", "n5");
    assertThat(log.latest()).isEqualTo(5);
  }
}

package io.clusterkit.launcher.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveHistoryTest {

  private static LiveHistory.Point point(double rps) {
    return new LiveHistory.Point(rps, rps / 10, rps * 1000);
  }

  @Test
  void keepsTheLastCapacitySecondsOldestFirst() {
    LiveHistory history = new LiveHistory(3);
    for (int s = 1; s <= 5; s++) {
      history.record(s * 1000L, Map.of(0, point(s)));
    }
    JsonObject json = history.toJson();
    assertThat(json.getJsonArray("t")).containsExactly(3000L, 4000L, 5000L);
    assertThat(json.getJsonObject("slots").getJsonObject("0").getJsonArray("rps"))
        .containsExactly(3.0, 4.0, 5.0);
    assertThat(history.size()).isEqualTo(3);
  }

  @Test
  void aSlotKeepsOneLineAcrossARestartWhichIsAMarker() {
    LiveHistory history = new LiveHistory(10);
    history.record(1000, Map.of(0, point(10), 1, point(20)));
    history.mark(new LiveHistory.Marker(1500, 1, 1, false, "slot 1 gen 1 killed"));
    history.record(2000, Map.of(0, point(11)));
    history.record(3000, Map.of(0, point(12), 1, point(5)));
    JsonObject json = history.toJson();
    assertThat(json.getJsonObject("slots").fieldNames()).containsExactlyInAnyOrder("0", "1");
    JsonArray slot1 = json.getJsonObject("slots").getJsonObject("1").getJsonArray("rps");
    assertThat(slot1.getList()).containsExactly(20.0, null, 5.0);
    assertThat(json.getJsonArray("markers")).hasSize(1);
    assertThat(json.getJsonArray("markers").getJsonObject(0).getInteger("slot")).isEqualTo(1);
  }

  @Test
  void aSlotAddedLaterHasNoValuesBeforeAndUnknownFiguresAreNull() {
    LiveHistory history = new LiveHistory(10);
    history.record(1000, Map.of(0, point(1)));
    history.record(2000, Map.of(0, point(2), 1,
        new LiveHistory.Point(3, Double.NaN, Double.NaN)));
    JsonObject slot1 = history.toJson().getJsonObject("slots").getJsonObject("1");
    assertThat(slot1.getJsonArray("rps").getList()).containsExactly(null, 3.0);
    assertThat(slot1.getJsonArray("p99").getList()).containsExactly(null, null);
  }

  @Test
  void markersOlderThanTheHistoryGo() {
    LiveHistory history = new LiveHistory(2);
    history.mark(new LiveHistory.Marker(500, 0, 1, true, "reload"));
    history.record(1000, Map.of(0, point(1)));
    assertThat(history.markers()).as("inside [1000..]").isEmpty();
    history.mark(new LiveHistory.Marker(1200, 0, 2, true, "reload"));
    history.record(2000, Map.of(0, point(1)));
    history.record(3000, Map.of(0, point(1)));
    assertThat(history.markers()).as("history now starts at 2000").isEmpty();
    assertThatThrownBy(() -> new LiveHistory(0)).hasMessage("capacity must be >= 1, was 0");
  }
}

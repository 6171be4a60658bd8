package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void survivesItsJsonForm() {
    Heartbeat beat = new Heartbeat(1, 2, 30L << 20, 20L << 20, -1, 7, 3, 1_500);
    assertThat(beat.toJson().fieldNames()).containsExactlyInAnyOrder("slot", "gen", "heapUsed",
        "heapAfterGc", "rss", "blockedMs", "connections", "requests");
    assertThat(Heartbeat.fromJson(beat.toJson())).isEqualTo(beat);
  }

  @Test
  void aMissingFigureReadsAsZeroAndAMissingSlotIsRefused() {
    assertThat(Heartbeat.fromJson(new JsonObject().put("slot", 0).put("gen", 1)))
        .isEqualTo(new Heartbeat(0, 1, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(() -> Heartbeat.fromJson(new JsonObject().put("gen", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a heartbeat");
    assertThatThrownBy(() -> Heartbeat.fromJson(
        new JsonObject().put("slot", 0).put("gen", 1).put("requests", "many")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

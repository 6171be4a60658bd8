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
        "heapAfterGc", "rss", "blockedMs", "connections", "requests", "cpuNanos", "responses",
        "serverErrors");
    assertThat(Heartbeat.fromJson(beat.toJson())).isEqualTo(beat);
  }

  @Test
  void carriesTheLoadFiguresOfAWorkerWithMetrics() {
    long[] latency = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    Heartbeat beat = new Heartbeat(1, 2, 30L << 20, 20L << 20, 99, 7, 3, 1_500, 4_000_000L, 1_400,
        12, latency);
    Heartbeat read = Heartbeat.fromJson(new JsonObject(beat.toJson().encode()));
    assertThat(read).isEqualTo(beat);
    assertThat(read.latency()).containsExactly(latency);
    assertThat(Heartbeat.latencyBoundsSeconds()).hasSize(latency.length).startsWith(0.0001)
        .endsWith(10.0);
    assertThatThrownBy(() -> Heartbeat.fromJson(beat.toJson().put("latency",
        new io.vertx.core.json.JsonArray().add(1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 buckets");
  }

  @Test
  void aMissingFigureReadsAsZeroAndAMissingSlotIsRefused() {
    assertThat(Heartbeat.fromJson(new JsonObject().put("slot", 0).put("gen", 1)))
        .isEqualTo(new Heartbeat(0, 1, 0, 0, 0, 0, 0, 0));
    assertThat(Heartbeat.fromJson(new JsonObject().put("slot", 0).put("gen", 1)).latency())
        .as("no latency from a worker without -metrics").isNull();
    assertThatThrownBy(() -> Heartbeat.fromJson(new JsonObject().put("gen", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a heartbeat");
    assertThatThrownBy(() -> Heartbeat.fromJson(
        new JsonObject().put("slot", 0).put("gen", 1).put("requests", "many")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

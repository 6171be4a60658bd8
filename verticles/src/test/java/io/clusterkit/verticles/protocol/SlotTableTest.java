package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotTableTest {

  private static final SlotTable TABLE = new SlotTable(7, List.of(
      new SlotTable.Entry("READY", 3), new SlotTable.Entry("STARTING", 0),
      new SlotTable.Entry("FAILED", 0)));

  @Test
  void looksUpTheReadyGenerationOfASlot() {
    assertThat(TABLE.readyGen(0)).isEqualTo(3);
    assertThat(TABLE.readyGen(1)).as("STARTING").isZero();
    assertThat(TABLE.readyGen(3)).as("out of range").isZero();
    assertThat(TABLE.readySlots()).containsExactly(0);
  }

  @Test
  void explainsASlotWithNoReadyWorkerWithEverySlotsState() {
    assertThat(TABLE.noReadyWorker(1))
        .isEqualTo("no READY worker in slot 1 (slots: 0=READY 1=STARTING 2=FAILED)");
    assertThat(SlotTable.UNKNOWN.noReadyWorker(1))
        .isEqualTo("no READY worker in slot 1 (slot table not received yet)");
  }

  @Test
  void onlyAHigherVersionIsNewer() {
    SlotTable older = new SlotTable(6, List.of());
    assertThat(TABLE.newerThan(older)).isTrue();
    assertThat(older.newerThan(TABLE)).isFalse();
    assertThat(TABLE.newerThan(TABLE)).isFalse();
    assertThat(older.newerThan(SlotTable.UNKNOWN)).isTrue();
  }

  @Test
  void survivesItsJsonForm() {
    JsonObject json = TABLE.toJson();
    assertThat(json.getJsonArray("slots").getJsonObject(1).containsKey("gen")).isFalse();
    assertThat(SlotTable.fromJson(json)).isEqualTo(TABLE);
  }

  @Test
  void refusesJsonThatIsNotATable() {
    assertThatThrownBy(() -> SlotTable.fromJson(new JsonObject().put("version", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a slot table");
  }
}

package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's answer to a waiting spare, as the launcher writes it and the spare reads it. */
class SpareAssignmentTest {

  @Test
  void roundTripsAndOverridesTheSparesOwnVariablesAndDropsItsSpareMark() {
    SpareAssignment sent = new SpareAssignment(3, 1, 7, Map.of(WorkerEnv.SLOT, "1",
        WorkerEnv.GEN, "7", WorkerEnv.SOCKET, "/run/ck/w1-7.sock"));

    SpareAssignment read = SpareAssignment.fromJson(new JsonObject(sent.toJson().encode()));

    assertThat(read).isEqualTo(sent);
    Map<String, String> env = read.applyTo(Map.of(WorkerEnv.SLOT, "-1", WorkerEnv.GEN, "3",
        WorkerEnv.SOCKET, "/run/ck/w-1-3.sock", WorkerEnv.SPARE, "3", WorkerEnv.VERTICLE, "App"));
    assertThat(env).containsEntry(WorkerEnv.SLOT, "1").containsEntry(WorkerEnv.GEN, "7")
        .containsEntry(WorkerEnv.SOCKET, "/run/ck/w1-7.sock")
        .containsEntry(WorkerEnv.VERTICLE, "App").doesNotContainKey(WorkerEnv.SPARE);
  }

  @Test
  void anAnswerWithoutASlotMeansKeepWaiting() {
    assertThat(SpareAssignment.fromJson(new JsonObject())).isNull();
    assertThat(SpareAssignment.fromJson(null)).isNull();
  }

  @Test
  void aMalformedAssignmentIsRejectedNamingWhatIsMissing() {
    assertThatThrownBy(() -> SpareAssignment.fromJson(new JsonObject().put("slot", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no gen or spare");
    assertThatThrownBy(() -> new SpareAssignment(1, -1, 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot >= 0");
  }

  @Test
  void spareNumberIsReadFromTheEnvironment() {
    assertThat(WorkerEnv.spare(Map.of())).isEqualTo(-1);
    assertThat(WorkerEnv.spare(Map.of(WorkerEnv.SPARE, "4"))).isEqualTo(4);
    assertThatThrownBy(() -> WorkerEnv.spare(Map.of(WorkerEnv.SPARE, "x")))
        .hasMessageContaining(WorkerEnv.SPARE + " must be an integer");
  }
}

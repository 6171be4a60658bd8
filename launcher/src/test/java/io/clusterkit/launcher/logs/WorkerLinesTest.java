package io.clusterkit.launcher.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a worker's line becomes in its slot's file, in text and in JSON. */
class WorkerLinesTest {

  @Test
  void textPutsSlotPidAndGenBeforeTheLine() {
    assertThat(WorkerLines.text("INFO  App - hello", 2, 5, 4711))
        .isEqualTo("slot=2 pid=4711 gen=5 INFO  App - hello");
  }

  @Test
  void jsonEventKeepsItsFieldsAndGetsSlotGenAndPid() {
    String event = "{\"timestamp\":1700000000123,\"level\":\"WARN\",\"threadName\":\"main\","
        + "\"loggerName\":\"com.example.App\",\"mdc\":{\"user\":\"7\"},"
        + "\"formattedMessage\":\"disk \\\"low\\\"\",\"throwable\":null}";
    JsonObject line = new JsonObject(WorkerLines.json(event, 1, 3, 99, false, 5L));
    assertThat(line.fieldNames()).startsWith("timestamp", "level", "slot", "gen", "pid");
    assertThat(line.getLong("timestamp")).isEqualTo(1700000000123L);
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getInteger("slot")).isEqualTo(1);
    assertThat(line.getInteger("gen")).isEqualTo(3);
    assertThat(line.getLong("pid")).isEqualTo(99L);
    assertThat(line.getString("loggerName")).isEqualTo("com.example.App");
    assertThat(line.getJsonObject("mdc").getString("user")).isEqualTo("7");
    assertThat(line.getString("formattedMessage")).isEqualTo("disk \"low\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello from println", "{not json}", "{\"a\":1}", "[1,2]", ""})
  void outputThatIsNoLogEventBecomesAMessageOfTheStream(String printed) {
    JsonObject out = new JsonObject(WorkerLines.json(printed, 0, 1, 42, false, 1234L));
    assertThat(out.getLong("timestamp")).isEqualTo(1234L);
    assertThat(out.getString("level")).isEqualTo("INFO");
    assertThat(out.getString("loggerName")).isEqualTo("stdout");
    assertThat(out.getString("formattedMessage")).isEqualTo(printed);
    assertThat(out.getInteger("slot")).isZero();
    assertThat(out.getInteger("gen")).isEqualTo(1);
    assertThat(out.getLong("pid")).isEqualTo(42L);
  }

  @Test
  void standardErrorIsAWarningOfStderr() {
    JsonObject out = new JsonObject(WorkerLines.json("Exception in thread", 0, 1, 42, true, 1L));
    assertThat(out.getString("level")).isEqualTo("WARN");
    assertThat(out.getString("loggerName")).isEqualTo("stderr");
  }
}

package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Shared-map entries live in the launcher's Hazelcast member, not in the workers: 1,000 entries
 * stay readable after a {@code kill -9} of a worker, and after every worker has been replaced
 * one by one.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedMapSurvivesWorkersIT {

  private static final int ENTRIES = 1_000;

  private static LauncherProcess launcher;
  private static int port;

  @BeforeAll
  static void startCluster() throws IOException {
    launcher = LauncherProcess.cluster(2, LauncherProcess.TEST_CLASSES,
        "io.clusterkit.examples.it.MapVerticle");
    port = launcher.awaitReady();
  }

  @AfterAll
  static void stopCluster() {
    if (launcher != null) {
      launcher.close();
    }
  }

  private static JsonObject call(String method, String path) throws IOException {
    RawHttp.Response response = RawHttp.request(null, port, method, path, "", "", 30_000);
    assertThat(response.status()).as("%s %s", method, path).isEqualTo(200);
    return response.json();
  }


  private static void assertAllReadableFromBothWorkers(String when) throws IOException {
    for (int i = 0; i < 2; i++) {
      JsonObject check = call("GET", "/check?n=" + ENTRIES);
      assertThat(check.getInteger("found")).as("entries found by worker %d %s",
          check.getInteger("worker"), when).isEqualTo(ENTRIES);
    }
  }

  /** Kills the worker of a slot and waits until its replacement is READY. */
  private static void replace(int slot, int gen) throws Exception {
    int mark = launcher.lineCount();
    long pid = Long.parseLong(launcher.awaitLine(
        Pattern.compile("slot " + slot + " gen " + gen + " pid (\\d+): STARTING -> READY"),
        Duration.ofSeconds(5)).group(1));
    Signals.send(pid, "KILL");
    launcher.awaitLine(Pattern.compile("slot " + slot + " gen " + (gen + 1)
        + " pid \\d+: STARTING -> READY"), Duration.ofSeconds(90), mark);
  }

  @Test
  @Order(1)
  void entryPutThroughOneWorkerIsReadThroughTheOtherAsSoonAsThePutCompletes() throws Exception {
    for (int i = 0; i < 10; i++) {
      JsonObject put = call("POST", "/put?k=now" + i + "&v=value" + i);
      JsonObject get = call("GET", "/get?k=now" + i);
      if (get.getInteger("worker").equals(put.getInteger("worker"))) {
        continue; // round-robin gave both to one worker this time: try again
      }
      assertThat(get.getString("value")).as("read through worker %d right after the put "
          + "through worker %d", get.getInteger("worker"), put.getInteger("worker"))
          .isEqualTo("value" + i);
      return;
    }
    throw new AssertionError("round-robin never sent a put and the next get to two workers");
  }

  @Test
  @Order(2)
  void entriesSurviveAKilledWorkerAndTheReplacementOfEveryWorker() throws Exception {
    assertThat(call("POST", "/fill?n=" + ENTRIES).getInteger("filled")).isEqualTo(ENTRIES);
    assertAllReadableFromBothWorkers("after the fill");

    replace(0, 1);
    assertAllReadableFromBothWorkers("after kill -9 of slot 0");

    replace(1, 1);
    replace(0, 2);
    assertAllReadableFromBothWorkers("after every worker was replaced one by one");
  }
}

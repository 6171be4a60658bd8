package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.MessagingVerticle;
import io.clusterkit.examples.it.support.WorkerCalls;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Messaging between two real worker JVMs over the real launcher's cluster: request/reply between
 * workers, a broadcast reaching every worker, the body check, and a request to a slot whose
 * worker was just killed failing in well under its timeout with the slot table in the message.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ClusterKitTest(workers = 2, verticle = MessagingVerticle.class)
class MessagingIT {

  private static int port;
  private static final Map<Integer, Long> pids = new HashMap<>();

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
    for (int worker = 0; worker < 2; worker++) {
      JsonObject slots = fromWorker(worker, "GET", "/slots");
      pids.put(worker, slots.getLong("pid"));
      int w = worker;
      Await.until(Duration.ofSeconds(10), () -> fromWorker(w, "GET", "/slots").getJsonArray("slots"),
          ready -> ready.equals(new JsonArray().add(0).add(1)),
          () -> "worker " + w + " to see both slots READY");
    }
  }

  private static JsonObject fromWorker(int worker, String method, String path) {
    return WorkerCalls.fromWorker(port, worker, method, path);
  }

  private static JsonObject call(String method, String path) {
    return WorkerCalls.call(port, method, path);
  }

  @Test
  @Order(1)
  void aWorkerAsksTheOtherAndGetsItsReply() {
    for (int asker = 0; asker < 2; asker++) {
      JsonObject answer = fromWorker(asker, "GET", "/ask-other");
      int other = 1 - asker;
      assertThat(answer.getString("error")).as("error of %s", answer).isNull();
      assertThat(answer.getJsonObject("reply").getInteger("worker")).isEqualTo(other);
      assertThat(answer.getJsonObject("reply").getLong("pid")).isEqualTo(pids.get(other));
    }
  }

  @Test
  @Order(2)
  void aBroadcastReachesEveryWorkerOnce() {
    WorkerCalls.assertBroadcastReachesEachWorkerOnce(port, 2);
  }

  @Test
  @Order(3)
  void aBodyOtherJvmsCannotReadIsRefusedAtOnce() {
    JsonObject answer = call("GET", "/bad-body");
    assertThat(answer.getString("error")).startsWith("body: java.util.Date cannot be shared");
  }

  @Test
  @Order(4)
  void aRequestToASlotWhoseWorkerWasJustKilledFailsFast() {
    ProcessHandle.of(pids.get(1)).orElseThrow().destroyForcibly(); // SIGKILL
    JsonObject answer = fromWorker(0, "GET", "/ask?slot=1&timeout=10000");

    assertThat(answer.getString("error")).as("answer %s", answer).isNotNull()
        .contains("slot 1").contains("slots: 0=READY 1=");
    assertThat(answer.getLong("ms")).as("ms to fail, with a 10 s timeout").isLessThan(1_000);
  }
}

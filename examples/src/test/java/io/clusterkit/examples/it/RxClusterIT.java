package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.CounterLoad;
import io.clusterkit.examples.it.support.WorkerCalls;
import io.clusterkit.examples.rx.RxCounterVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Rx twin, on real worker JVMs behind the real launcher: the counter, map and messaging
 * behaviours of the future-based examples hold for a verticle written with
 * {@code RxClusterVerticle} ({@code io.clusterkit.examples.rx.RxCounterVerticle}).
 */
@Timeout(180)
@ClusterKitTest(workers = 2, verticle = RxCounterVerticle.class)
class RxClusterIT {

  private static final int CLIENTS = 8;
  private static final int HITS_PER_CLIENT = 1_250;

  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
  }

  @Test
  void theRxCounterCountsEveryHitWhilePerWorkerCountsSeeOnlyTheirShare() throws Exception {
    CounterLoad.hitConcurrently(port, CLIENTS, HITS_PER_CLIENT);
    CounterLoad.assertExactTotalSplitOverWorkers(CounterLoad.countsOfEachWorker(port, 2),
        CLIENTS * HITS_PER_CLIENT);
  }

  @Test
  void anEntryPutThroughWorkerZeroIsReadThroughWorkerOneOnceThePutCompleted() {
    String key = "k" + UUID.randomUUID();
    JsonObject put = WorkerCalls.fromWorker(port, 0, "POST", "/put?k=" + key + "&v=rx");
    assertThat(put.getBoolean("put")).as("put answered by worker 0: %s", put).isTrue();

    JsonObject get = WorkerCalls.fromWorker(port, 1, "GET", "/get?k=" + key);
    assertThat(get.getString("value")).as("read through worker 1 after the put through 0: %s",
        get).isEqualTo("rx");
  }

  @Test
  void aWorkerAsksTheOtherThroughTheRxApiAndGetsItsReply() {
    Map<Integer, Long> pids = new HashMap<>();
    for (int worker = 0; worker < 2; worker++) {
      pids.put(worker, WorkerCalls.fromWorker(port, worker, "GET", "/counts").getLong("pid"));
    }
    for (int asker = 0; asker < 2; asker++) {
      int a = asker;
      // each worker learns that the other is READY from the launcher's next slot table
      JsonObject answer = Await.until(Duration.ofSeconds(10),
          () -> WorkerCalls.fromWorker(port, a, "GET", "/ask-other"),
          json -> json.getString("error") == null,
          () -> "worker " + a + " to get a reply from the other");
      assertThat(answer.getJsonObject("reply").getInteger("worker")).isEqualTo(1 - asker);
      assertThat(answer.getJsonObject("reply").getLong("pid")).isEqualTo(pids.get(1 - asker));
    }
  }

  @Test
  void aBroadcastReachesTheMessagesFlowableOfEveryWorkerOnce() {
    WorkerCalls.assertBroadcastReachesEachWorkerOnce(port, 2);
  }
}

package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.PlainHelpersVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Code that does not extend {@code ClusterVerticle} gets ClusterKit's helpers through
 * {@code Worker.current()} in a real cluster: its slot and pid, a cluster-wide counter, and
 * request/reply to another worker. The verticle is a plain {@code AbstractVerticle} that listens
 * by itself, run without {@code -port}.
 */
@Timeout(180)
class PlainHelpersIT {

  private static final int PORT = SharedListenIT.freePort();

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2).withoutPort()
      .option("-host", "127.0.0.1").option("-grace", "2")
      .option("-conf", new JsonObject().put("port", PORT).encode())
      .classpath(Clusters.TEST_CLASSES).verticle(PlainHelpersVerticle.class).extension();
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = KIT.cluster();
  }

  @Test
  void eachWorkerKnowsItsSlotAndPidAndTheCounterIsTheCluster() throws IOException {
    Map<Integer, Long> pids = new HashMap<>();
    List<Long> hits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      JsonObject hit = RawHttp.get(PORT, "/hit").json();
      pids.put(hit.getInteger("worker"), hit.getLong("pid"));
      hits.add(hit.getLong("hits"));
    }
    assertThat(pids).as("slot -> pid as the workers say")
        .containsEntry(0, cluster.worker(0).pid()).containsEntry(1, cluster.worker(1).pid());
    assertThat(hits).as("one counter for both workers, in request order").isSorted()
        .doesNotHaveDuplicates().hasSize(10);
  }

  @Test
  void aWorkerAsksAnotherOverTheMessagingHelpers() {
    for (int slot = 0; slot < 2; slot++) {
      String path = "/ask?slot=" + slot;
      // "request failed: ..." while the asker's slot table still lacks the other worker
      String body = Await.until(Duration.ofSeconds(30), () -> {
        try {
          return RawHttp.get(PORT, path).body();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, b -> b.startsWith("{"), "an answer to " + path);
      JsonObject answer = new JsonObject(body);
      assertThat(answer.getString("answer")).as("answer of slot %d", slot)
          .isEqualTo("pong from " + slot);
    }
  }
}

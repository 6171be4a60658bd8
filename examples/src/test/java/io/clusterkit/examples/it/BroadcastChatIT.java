package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.broadcast.FanoutChatVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fan-out chat example: a line said on either worker shows in every worker's inbox. */
@Timeout(180)
@ClusterKitTest(workers = 2, verticle = FanoutChatVerticle.class)
class BroadcastChatIT {

  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
  }

  private static JsonObject call(String method, String path, String body) {
    try {
      RawHttp.Response response = RawHttp.request(null, port, method, path, "", body, 20_000);
      return response.status() == 200 ? response.json() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Says text through the given worker (new connections until round-robin reaches it). */
  private static void sayThrough(int worker, String text) {
    Await.until(Duration.ofSeconds(20), () -> call("POST", "/say", text),
        said -> said != null && said.getInteger("worker") == worker,
        () -> "POST /say answered by worker " + worker);
  }

  @Test
  void aLineSaidOnEitherWorkerReachesEveryWorkersInbox() {
    String first = "hello from 0 " + UUID.randomUUID();
    String second = "hello from 1 " + UUID.randomUUID();
    sayThrough(0, first);
    sayThrough(1, second);

    Map<Integer, JsonArray> inboxes = new HashMap<>();
    Await.until(Duration.ofSeconds(20), () -> {
      JsonObject inbox = call("GET", "/inbox", "");
      if (inbox != null && inbox.getJsonArray("lines").encode().contains(first)
          && inbox.getJsonArray("lines").encode().contains(second)) {
        inboxes.put(inbox.getInteger("worker"), inbox.getJsonArray("lines"));
      }
      return inboxes.size();
    }, n -> n == 2, () -> "both lines in both workers' inboxes, got " + inboxes);

    for (JsonArray lines : inboxes.values()) {
      assertThat(lines).as("each line once, with who said it").containsExactlyInAnyOrder(
          new JsonObject().put("from", 0).put("text", first),
          new JsonObject().put("from", 1).put("text", second));
    }
  }
}

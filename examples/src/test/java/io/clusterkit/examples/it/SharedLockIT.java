package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.LockVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster-wide lock between two real workers: while one holds it, the other's acquire with a
 * 500 ms timeout fails, no earlier than 500 ms; after the release it succeeds.
 */
@Timeout(180)
@ClusterKitTest(workers = 2, verticle = LockVerticle.class, args = {"-sticky"})
class SharedLockIT {

  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
  }

  private static JsonObject call(String client, String method, String path) throws IOException {
    RawHttp.Response response = RawHttp.request(client, port, method, path, "", "", 20_000);
    assertThat(response.status()).as("%s %s from %s", method, path, client).isEqualTo(200);
    return response.json();
  }

  @Test
  void otherWorkersAcquireTimesOutNoEarlierThan500msThenSucceedsAfterTheRelease()
      throws IOException {
    String holder = "127.0.0.2";
    int holderWorker = call(holder, "GET", "/whoami").getInteger("worker");
    String other = null;
    for (int i = 3; i < 60 && other == null; i++) {
      if (call("127.0.0." + i, "GET", "/whoami").getInteger("worker") != holderWorker) {
        other = "127.0.0." + i;
      }
    }
    assertThat(other).as("a client that ip-hash sends to the other worker").isNotNull();

    assertThat(call(holder, "POST", "/hold").getBoolean("held")).isTrue();
    JsonObject blocked = call(other, "GET", "/try?timeout=500");
    assertThat(blocked.getInteger("worker")).isNotEqualTo(holderWorker);
    assertThat(blocked.getBoolean("acquired")).as("acquire while held: %s", blocked).isFalse();
    assertThat(blocked.getLong("ms")).as("failed after").isGreaterThanOrEqualTo(500);

    assertThat(call(holder, "POST", "/release").getBoolean("released")).isTrue();
    JsonObject free = call(other, "GET", "/try?timeout=500");
    assertThat(free.getBoolean("acquired")).as("acquire after release: %s", free).isTrue();
  }
}

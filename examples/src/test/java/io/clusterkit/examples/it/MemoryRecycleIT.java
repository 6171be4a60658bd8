package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.examples.memory.LeakyVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory-recycle example: a worker made to leak past {@code -max-memory} is replaced
 * drain-first (planned, with the reason in {@code status}), no client request fails meanwhile,
 * and the slot's new process starts with nothing kept.
 */
@Timeout(180)
@ClusterKitTest(workers = 2, verticle = LeakyVerticle.class, args = {"-max-memory", "100m"})
class MemoryRecycleIT {

  @Test
  void aWorkerLeakingPastMaxMemoryIsRecycledWithoutAFailedRequest(TestCluster cluster)
      throws Exception {
    int port = cluster.port();
    LoadGenerator load = new LoadGenerator(port, 4, 10, Duration.ofSeconds(120));
    RawHttp.Response leak;
    try {
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= 100, () -> "100 answers first");
      leak = RawHttp.get(port, "/leak?mb=130", 30_000);
      assertThat(leak.status()).as("%s", leak).isEqualTo(200);
      assertThat(leak.json().getInteger("keptMb")).isGreaterThanOrEqualTo(130);
      int slot = leak.worker();
      WorkerStatus replaced = cluster.awaitWorker(slot, w -> w.gen() >= 2 && w.ready(),
          Duration.ofSeconds(60));
      JsonObject exit = cluster.awaitWorker(slot, w -> w.lastExit() != null
          && w.lastExit().getLong("pid") == leak.pid(), Duration.ofSeconds(30)).lastExit();
      assertThat(exit.getString("reason")).as("why it went: %s", exit)
          .matches("heap after GC \\d+ MB over -max-memory 100 MB: replaced by gen \\d+");
      assertThat(exit.getBoolean("planned")).as("%s", exit).isTrue();
      int before = load.ok();
      Await.until(Duration.ofSeconds(20), load::ok, n -> n >= before + 100,
          () -> "100 answers after the recycle of " + replaced);
    } finally {
      load.close();
    }
    assertThat(load.failures()).as("failed requests during the recycle").isEmpty();
    JsonObject fresh = Await.until(Duration.ofSeconds(20), () -> {
      try {
        return RawHttp.get(port, "/").json();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, answer -> answer.getInteger("worker") == leak.worker(), () -> "an answer of the slot");
    assertThat(fresh.getLong("pid")).as("a new process serves the slot").isNotEqualTo(leak.pid());
    assertThat(fresh.getInteger("keptMb")).as("the leak went with the old process").isZero();
  }
}

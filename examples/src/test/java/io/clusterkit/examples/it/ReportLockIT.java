package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.lock.ReportJobVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock example: jobs asked of both workers at once run one after another, never overlapping;
 * a job asked while another runs, with no wait, is refused by the other worker with 409.
 */
@Timeout(180)
@ClusterKitTest(workers = 2, verticle = ReportJobVerticle.class)
class ReportLockIT {

  private static final int JOBS = 6;
  private static int port;
  private static ExecutorService clients;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
    clients = Executors.newFixedThreadPool(JOBS);
  }

  @AfterAll
  static void stopClients() throws InterruptedException {
    clients.shutdownNow();
    clients.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static RawHttp.Response post(String path) {
    try {
      return RawHttp.request(null, port, "POST", path, "", "", 30_000);
    } catch (IOException e) {
      throw new IllegalStateException(path + ": " + e, e);
    }
  }

  @Test
  void jobsAskedOfBothWorkersAtOnceNeverOverlap() {
    List<CompletableFuture<RawHttp.Response>> asked = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      asked.add(CompletableFuture.supplyAsync(() -> post("/report?ms=300&wait=20000"), clients));
    }
    List<JsonObject> jobs = new ArrayList<>();
    Set<Integer> workers = new HashSet<>();
    for (CompletableFuture<RawHttp.Response> job : asked) {
      RawHttp.Response response = job.orTimeout(60, TimeUnit.SECONDS).join();
      assertThat(response.status()).as("%s", response).isEqualTo(200);
      jobs.add(response.json());
      workers.add(response.json().getInteger("worker"));
    }
    assertThat(workers).as("jobs ran on both workers").containsExactlyInAnyOrder(0, 1);
    jobs.sort(Comparator.comparingLong(j -> j.getLong("startedMs")));
    for (int i = 1; i < jobs.size(); i++) {
      assertThat(jobs.get(i).getLong("startedMs")).as("job %d starts after job %d ended: %s",
          i, i - 1, jobs).isGreaterThanOrEqualTo(jobs.get(i - 1).getLong("endedMs"));
    }
  }

  @Test
  void aJobAskedWhileAnotherRunsIsRefusedWithoutWaiting() {
    CompletableFuture<RawHttp.Response> running =
        // it waits for the lock: a probe below may hold it for its 1 ms when the long job asks
        CompletableFuture.supplyAsync(() -> post("/report?ms=3000&wait=10000"), clients);
    long refusedAt = Await.until(Duration.ofSeconds(20), () -> {
      RawHttp.Response response = post("/report?ms=1&wait=0");
      return response.status() == 409 ? System.currentTimeMillis() : -1L;
    }, at -> at > 0, "a job refused with 409 while the long one runs");
    JsonObject longJob = running.orTimeout(60, TimeUnit.SECONDS).join().json();
    assertThat(longJob.getBoolean("ran")).isTrue();
    assertThat(refusedAt).as("refused while %s held the lock", longJob)
        .isBetween(longJob.getLong("startedMs"), longJob.getLong("endedMs"));
  }
}

package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.cleanup.AuditVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clean-up example: a worker's {@code stop()} runs on every graceful exit, here the flush of
 * the events it buffered: on {@code restart} of its slot (a drain, as in a reload) and on the
 * launcher's SIGTERM, which then exits 0.
 */
@Timeout(180)
class CleanupOnStopIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path audit;

  private static void event(int port, String name) throws IOException {
    RawHttp.Response answer = RawHttp.request(null, port, "POST", "/event?name=" + name, "", "",
        10_000);
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
  }

  private List<String> auditOf(long pid) throws IOException {
    Path file = audit.resolve("audit-" + pid + ".log");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void stopFlushesWhatTheWorkerBufferedOnRestartAndOnShutdown() throws Exception {
    try (TestCluster cluster = ClusterKit.cluster().workers(1).option("-grace", "5")
        .classpath(Clusters.EXAMPLES_JAR).verticle(AuditVerticle.class)
        .option("-conf", "{\"auditDir\":\"" + audit + "\",\"flushMs\":600000}").start()) {
      cluster.awaitReady();
      long first = cluster.worker(0).pid();
      event(cluster.port(), "login");
      event(cluster.port(), "logout");
      assertThat(auditOf(first)).as("nothing flushed before a stop").isEmpty();

      cluster.restart(0);
      long second = cluster.awaitWorker(0, w -> w.gen() == 2 && w.ready(), WAIT).pid();
      cluster.awaitWorker(0, w -> w.lastExit() != null && w.lastExit().getLong("pid") == first,
          WAIT);
      assertThat(auditOf(first)).as("gen 1's file after restart").containsExactly(
          "worker 0 event login", "worker 0 event logout",
          "closed by stop(): flushed 2 buffered events");

      event(cluster.port(), "order");
      cluster.signal("TERM");
      assertThat(cluster.awaitExit(WAIT)).as("exit code").isZero();
      assertThat(auditOf(second)).as("gen 2's file after SIGTERM").containsExactly(
          "worker 0 event order", "closed by stop(): flushed 1 buffered events");
    }
  }
}

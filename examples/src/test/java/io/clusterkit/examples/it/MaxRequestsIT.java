package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code -max-requests} under steady load: every slot's worker is recycled once it has served
 * its count, drain-first (no failed request), one slot at a time (never more worker processes
 * than slots plus the one replacement), and each exit says why.
 */
@Timeout(300)
class MaxRequestsIT {

  private static final int WORKERS = 2;

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(WORKERS).option("-grace", "3")
      .option("-max-requests", "400").option("-max-requests-jitter", "100").extension();

  @Test
  void everySlotIsRecycledDrainFirstOneAtATimeWithoutAFailedRequest() throws Exception {
    TestCluster launcher = KIT.cluster();
    List<WorkerStatus> before = launcher.workers();
    AtomicLong mostWorkerProcesses = new AtomicLong();
    List<WorkerStatus> recycled;
    LoadGenerator load = new LoadGenerator(launcher.port(), 4, 50, Duration.ofSeconds(180));
    try {
      recycled = Await.until(Duration.ofSeconds(150), () -> {
        // sampled every 50 ms: the launcher's children are its worker JVMs
        long alive = launcher.process().children().filter(ProcessHandle::isAlive).count();
        mostWorkerProcesses.accumulateAndGet(alive, Math::max);
        return launcher.workers();
      }, slots -> slots.size() == WORKERS && slots.stream()
          .allMatch(w -> w.gen() >= 2 && w.ready() && w.lastExit() != null),
          "every slot recycled and READY again");
    } finally {
      load.close();
    }

    assertThat(load.failures()).as("failed requests while recycling").isEmpty();
    assertThat(mostWorkerProcesses.get()).as("worker JVMs alive at once: one replacement at a "
        + "time beside the %d slots", WORKERS).isLessThanOrEqualTo(WORKERS + 1);
    for (WorkerStatus slot : recycled) {
      JsonObject exit = slot.lastExit();
      assertThat(exit.getBoolean("planned")).as("%s", exit).isTrue();
      assertThat(exit.getString("reason")).as("why slot %d's worker went", slot.slot())
          .matches("served \\d+ requests \\(-max-requests 400 -max-requests-jitter 100: its "
              + "limit (4\\d\\d|500)\\): replaced by gen \\d+");
    }
    assertThat(load.pids()).as("the first workers and their replacements answered")
        .containsAll(before.stream().map(WorkerStatus::pid).toList());
  }
}

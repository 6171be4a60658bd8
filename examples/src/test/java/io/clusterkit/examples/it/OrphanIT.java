package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** kill -9 of the launcher: its workers exit on their own within 5 s, whatever they were doing. */
@Timeout(120)
class OrphanIT {

  @Test
  void workersExitWithin5sOfTheLauncherBeingKilledWhileServing() {
    try (TestCluster launcher = Clusters.hello(2).start()) {
      launcher.awaitReady();
      assertThat(launcher.liveWorkerPids()).hasSize(2);
      launcher.signal("KILL");
      launcher.awaitExit(Duration.ofSeconds(10));
      List<Long> left = Await.until(Duration.ofSeconds(5), launcher::liveWorkerPids,
          List::isEmpty, "every worker of the killed launcher to exit");
      assertThat(left).isEmpty();
    }
  }

  @Test
  void workersExitWithin5sOfTheLauncherBeingKilledDuringTheirClusterJoin() {
    try (TestCluster launcher = Clusters.hello(2).start()) {
      launcher.awaitWorkers(workers -> workers.size() == 2
          && workers.stream().allMatch(w -> w.pid() > 0), Duration.ofSeconds(60));
      launcher.signal("KILL");
      launcher.awaitExit(Duration.ofSeconds(10));
      assertThat(launcher.output()).doesNotContain("ClusterKit ready");
      assertThat(launcher.workerPids()).as("both workers were spawned").hasSizeGreaterThanOrEqualTo(2);
      List<Long> left = Await.until(Duration.ofSeconds(5), launcher::liveWorkerPids,
          List::isEmpty, "every worker of the killed launcher to exit");
      assertThat(left).isEmpty();
    }
  }
}

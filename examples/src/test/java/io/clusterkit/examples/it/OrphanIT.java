package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** kill -9 of the launcher: its workers exit on their own within 5 s, whatever they were doing. */
@Timeout(120)
class OrphanIT {

  private LauncherProcess launcher;

  @AfterEach
  void cleanUp() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void workersExitWithin5sOfTheLauncherBeingKilledWhileServing() throws Exception {
    launcher = LauncherProcess.hello(2);
    launcher.awaitReady();
    assertThat(launcher.liveWorkerPids()).hasSize(2);
    launcher.signal("KILL");
    launcher.awaitExit(Duration.ofSeconds(10));
    List<Long> left = Poll.until(Duration.ofSeconds(5), launcher::liveWorkerPids, List::isEmpty,
        () -> "every worker of the killed launcher to exit");
    assertThat(left).isEmpty();
  }

  @Test
  void workersExitWithin5sOfTheLauncherBeingKilledDuringTheirClusterJoin() throws Exception {
    launcher = LauncherProcess.hello(2);
    launcher.awaitLine(Pattern.compile("slot 1 gen 1 pid \\d+ - spawned"), Duration.ofSeconds(60));
    launcher.signal("KILL");
    launcher.awaitExit(Duration.ofSeconds(10));
    assertThat(launcher.output()).doesNotContain("ClusterKit ready");
    List<Long> left = Poll.until(Duration.ofSeconds(5), launcher::liveWorkerPids, List::isEmpty,
        () -> "every worker of the killed launcher to exit");
    assertThat(left).isEmpty();
  }
}

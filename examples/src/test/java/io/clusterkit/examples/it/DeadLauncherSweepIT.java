package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launcher killed with kill -9 cannot remove its private socket directory nor its registry
 * entry; the next launcher of the same user removes both as it starts, and keeps its own.
 */
@Timeout(180)
class DeadLauncherSweepIT {

  @TempDir
  Path shared;
  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  private TestCluster launch(String name) {
    TestCluster launcher = Clusters.hello(1).option("-name", name)
        .env("XDG_RUNTIME_DIR", shared.resolve("xdg").toString())
        .env("CLUSTERKIT_RUN_DIR", shared.resolve("run").toString()).start();
    started.add(launcher);
    return launcher.awaitReady();
  }

  private List<Path> socketDirectories() {
    try (Stream<Path> dirs = Files.list(shared.resolve("xdg"))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("clusterkit-")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void nextLauncherRemovesTheSocketDirectoryAndEntryOfOneKilledWithKill9() throws Exception {
    Files.createDirectories(shared.resolve("xdg"));
    TestCluster doomed = launch("doomed");
    List<Path> doomedDirs = socketDirectories();
    assertThat(doomedDirs).hasSize(1);
    Path doomedEntry = shared.resolve("run/doomed.json");
    assertThat(doomedEntry).exists();

    doomed.signal("KILL");
    doomed.awaitExit(Duration.ofSeconds(10));
    Await.until(Duration.ofSeconds(10), doomed::liveWorkerPids, List::isEmpty,
        "the killed launcher's worker to exit");
    assertThat(doomedDirs.get(0)).as("left behind by kill -9").exists();
    assertThat(doomedEntry).as("left behind by kill -9").exists();

    TestCluster next = launch("next");

    assertThat(doomedDirs.get(0)).as("the dead launcher's socket directory").doesNotExist();
    assertThat(doomedEntry).as("the dead launcher's registry entry").doesNotExist();
    assertThat(socketDirectories()).as("the new launcher's own directory").hasSize(1);
    assertThat(shared.resolve("run/next.json")).exists();
    assertThat(next.output()).contains("removed what launchers that are gone left behind: "
        + "registry entries [doomed], socket directories [" + doomedDirs.get(0) + "]");
    assertThat(next.workers()).hasSize(1).allMatch(w -> w.ready());
  }
}

package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.launcher.junit.AdminCallException;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker ceiling holds at run time as at launch: a scale past {@code -max-workers} through
 * the admin API is a 409 with one line, through the {@code scale} command exit code 1, through
 * TTIN a warning; none starts a worker, and a scale within the ceiling still works.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCeilingIT {

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(1).option("-max-workers", "2")
      .option("-grace", "2").option("-name", "ceiling-it").extension();
  private static TestCluster launcher;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
  }

  @Test
  @Order(1)
  void scaleThroughTheApiPastTheCeilingIsA409AndStartsNothing() {
    long pid = launcher.worker(0).pid();

    assertThatThrownBy(() -> launcher.scale(1000))
        .isInstanceOfSatisfying(AdminCallException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.error()).isEqualTo("not scaling to 1000: the ceiling is 2 workers on "
              + "this machine (-max-workers N raises it)");
        });
    assertThat(launcher.workers()).as("no worker started").hasSize(1);
    assertThat(launcher.worker(0).pid()).isEqualTo(pid);
  }

  @Test
  @Order(2)
  void scaleCommandPastTheCeilingExits1WithTheReason() throws Exception {
    ControlCommand.Result scale = ControlCommand.run(launcher, Duration.ofSeconds(60),
        "scale", "3", "-name", "ceiling-it");

    assertThat(scale.exitCode()).as("scale: %s", scale).isEqualTo(1);
    assertThat(scale.err()).contains("not scaling to 3: the ceiling is 2 workers");
    assertThat(launcher.workers()).hasSize(1);
  }

  @Test
  @Order(3)
  void scaleWithinTheCeilingWorksAndTtinAtTheCeilingIsRefused() {
    launcher.scale(2);
    launcher.awaitReady();
    int from = launcher.lineCount();

    launcher.signal("TTIN");

    launcher.awaitOutput(Pattern.compile("not scaling to 3: the ceiling is 2 workers"),
        Duration.ofSeconds(30), from);
    assertThat(launcher.workers()).as("TTIN at the ceiling starts nothing").hasSize(2)
        .allMatch(w -> w.ready());
  }
}

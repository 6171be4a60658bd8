package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.VersionVerticle;
import io.clusterkit.examples.it.support.ApplicationBuild;
import io.clusterkit.examples.it.support.WorkerCalls;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Surge reloads ({@code -spares 1 -reload-surge 2}): a reload rolls each slot onto a spare of its
 * code, booted ahead of the steps, under keep-alive load without a failed request; a reload onto
 * new code ({@code reload -cp}) retires the spares of the old code and boots spares of the new;
 * a build that cannot start stops the reload and the serving workers stay.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SurgeReloadIT {

  static final String NAME = "surge-reload-it";
  private static final String VERTICLE = VersionVerticle.class.getName();

  // -spare-delay 0: each test begins with the spare a reload's end refills, and the delay (whose
  // rule SpareDelayIT and the supervisor's unit tests cover) would only add its 10 s to each
  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2).spares(1)
      .option("-reload-surge", "2").option("-grace", "3").option("-spare-delay", "0")
      .verticle(VersionVerticle.class).option("-name", NAME).extension();
  @TempDir
  static Path builds;
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  private static List<JsonObject> spares() {
    return launcher.status().getJsonArray("spares", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
  }

  private static JsonObject awaitBootedSpare(int release) {
    return Await.until(Duration.ofSeconds(90), SurgeReloadIT::spares,
        list -> list.stream().anyMatch(s -> s.getBoolean("booted")
            && s.getInteger("release") == release),
        () -> "a booted spare of release " + release).stream()
        .filter(s -> s.getBoolean("booted") && s.getInteger("release") == release)
        .findFirst().orElseThrow();
  }

  private static List<Long> pids() {
    return launcher.workers().stream().map(WorkerStatus::pid).toList();
  }

  private static List<String> versions(int requests) throws Exception {
    return WorkerCalls.versions(port, requests);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  @Order(1)
  void surgeReloadUnderKeepAliveLoadRollsOntoSparesAndFailsNoRequest() throws Exception {
    long spare = awaitBootedSpare(0).getLong("pid");
    List<Long> before = pids();
    LoadGenerator load = new LoadGenerator(port, 32, 50, Duration.ofSeconds(120));

    long[] took = new long[1];
    JsonObject result = load.around(500, () -> {
      long start = System.nanoTime();
      JsonObject done = launcher.reload();
      took[0] = (System.nanoTime() - start) / 1_000_000;
      return done;
    });
    System.out.println("surge reload of 2 workers under load: " + took[0] + " ms, " + result);

    List<Long> after = pids();
    assertThat(after).as("every slot has a new process").hasSize(2)
        .doesNotContainAnyElementsOf(before);
    assertThat(after.get(0)).as("slot 0 took the spare that was waiting").isEqualTo(spare);
    assertThat(load.failures()).as("failed requests during the reload").isEmpty();
    assertThat(load.pids()).containsAll(before).containsAll(after);
    for (long old : before) {
      Await.until(Duration.ofSeconds(30), () -> alive(old), a -> !a, "old worker " + old
          + " to drain and exit");
    }
  }

  @Test
  @Order(2)
  void reloadOntoNewCodeRetiresTheOldCodesSparesAndBootsNewOnes() throws Exception {
    long oldSpare = awaitBootedSpare(0).getLong("pid");
    Path v2 = ApplicationBuild.jar(builds, "app-v2", VERTICLE,
        ApplicationBuild.versionVerticle("v2", false));
    LoadGenerator load = new LoadGenerator(port, 16, 30, Duration.ofSeconds(120));

    load.around(300, () -> launcher.reload(List.of(v2)));

    assertThat(load.failures()).as("failed requests during the deploy").isEmpty();
    assertThat(versions(20)).as("answers after the reload").containsOnly("v2");
    Await.until(Duration.ofSeconds(30), () -> alive(oldSpare), a -> !a,
        "the old code's spare " + oldSpare + " to be retired");
    JsonObject spare = awaitBootedSpare(1);
    assertThat(spares()).as("only spares of the new code").allMatch(
        s -> s.getInteger("release") == 1 || s.getBoolean("retiring"));
    assertThat(spare.getLong("pid")).isNotEqualTo(oldSpare);
  }

  @Test
  @Order(3)
  void buildThatCannotStartStopsTheSurgeReloadAndTheServingWorkersStay() throws Exception {
    awaitBootedSpare(1);
    Path v3 = ApplicationBuild.jar(builds, "app-v3", VERTICLE,
        ApplicationBuild.versionVerticle("v3", true));
    List<Long> before = pids();

    ControlCommand.Result reload = ControlCommand.run(launcher, Duration.ofSeconds(120), "reload",
        "-name", NAME, "-cp", v3.toString());

    assertThat(reload.exitCode()).as("reload: %s", reload).isEqualTo(1);
    assertThat(reload.err()).contains("reload aborted after 0 slots");
    assertThat(pids()).as("the workers that served before").isEqualTo(before);
    assertThat(launcher.workers()).allMatch(WorkerStatus::ready);
    assertThat(versions(20)).containsOnly("v2");
    JsonObject spare = awaitBootedSpare(1);
    assertThat(spare.getInteger("release")).as("spares of the code that serves").isEqualTo(1);
  }

  @Test
  @Order(4)
  void aJarReplacedInPlaceIsNewCodeAndNoSpareOfTheOldFilesServes() throws Exception {
    long oldSpare = awaitBootedSpare(1).getLong("pid");
    Path v4 = ApplicationBuild.jar(builds, "app-v4", VERTICLE,
        ApplicationBuild.versionVerticle("v4", false));
    // what a deploy does: the new jar moved over the one the cluster runs, same path
    java.nio.file.Files.move(v4, builds.resolve("app-v2.jar"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    LoadGenerator load = new LoadGenerator(port, 16, 30, Duration.ofSeconds(120));

    load.around(300, () -> launcher.reload());

    assertThat(load.failures()).as("failed requests during the reload").isEmpty();
    assertThat(versions(20)).as("answers after a plain reload of the replaced jar")
        .containsOnly("v4");
    Await.until(Duration.ofSeconds(30), () -> alive(oldSpare), a -> !a,
        "the spare booted from the replaced jar, " + oldSpare + ", to be retired");
    // release 3: the files changed since release 1 (release 2 was the build that never started)
    assertThat(awaitBootedSpare(3).getLong("pid")).isNotEqualTo(oldSpare);
  }
}

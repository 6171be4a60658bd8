package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.AdminCallException;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code restart SLOT} under steady load fails no request: the slot's replacement is routed
 * before its old worker drains, the other slot keeps its worker, and the old worker's exit says
 * it was a restart. Asked for with the {@code restart} command (its own process) and through the
 * admin API; a slot the cluster has not is a 400 (exit code 2), a second restart of a slot or a
 * restart during a reload a 409 (exit code 1).
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartSlotIT {

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(2).option("-grace", "5")
      .option("-name", "restart-it").extension();
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster() {
    launcher = KIT.cluster();
    port = launcher.port();
  }

  private static ControlCommand.Result cli(String... args) throws Exception {
    String[] withName = new String[args.length + 2];
    System.arraycopy(args, 0, withName, 0, args.length);
    withName[args.length] = "-name";
    withName[args.length + 1] = "restart-it";
    return ControlCommand.run(launcher, Duration.ofSeconds(120), withName);
  }

  @Test
  @Order(1)
  void restartFromTheCommandUnderKeepAliveLoadFailsNoRequestAndLeavesTheOtherSlot()
      throws Exception {
    WorkerStatus other = launcher.worker(0);
    WorkerStatus old = launcher.worker(1);
    LoadGenerator load = new LoadGenerator(port, 32, 50, Duration.ofSeconds(120));

    ControlCommand.Result restart = load.around(500, () -> cli("restart", "1"));

    WorkerStatus now = launcher.worker(1);
    assertThat(restart.exitCode()).as("restart: %s", restart).isZero();
    assertThat(restart.out().trim()).isEqualTo("slot 1 restarted: gen " + old.gen() + " (pid "
        + old.pid() + ") replaced by gen " + now.gen() + " (pid " + now.pid() + ")");
    assertThat(now.gen()).isEqualTo(old.gen() + 1);
    assertThat(now.ready()).isTrue();
    assertThat(load.failures()).as("failed requests during the restart").isEmpty();
    assertThat(load.pids()).as("old and new worker answered").contains(old.pid(), now.pid());
    assertThat(launcher.worker(0).pid()).as("slot 0 untouched").isEqualTo(other.pid());
    assertThat(launcher.worker(0).gen()).isEqualTo(other.gen());
    JsonObject exit = now.lastExit();
    assertThat(exit.getLong("pid")).isEqualTo(old.pid());
    assertThat(exit.getBoolean("planned")).isTrue();
    assertThat(exit.getString("reason"))
        .isEqualTo("restart requested: replaced by gen " + now.gen());
    assertThat(ProcessHandle.of(old.pid()).map(ProcessHandle::isAlive).orElse(false))
        .as("the old worker is gone when the command returns").isFalse();
  }

  @Test
  @Order(2)
  void restartThroughTheAdminApiUnderNewConnectionLoadFailsNoRequest() throws Exception {
    WorkerStatus other = launcher.worker(1);
    WorkerStatus old = launcher.worker(0);
    LoadGenerator load = new LoadGenerator(port, 0, 200, Duration.ofSeconds(120));

    JsonObject answer = load.around(200, () -> launcher.restart(0));

    WorkerStatus now = launcher.worker(0);
    assertThat(answer.getInteger("slot")).isZero();
    assertThat(answer.getLong("oldPid")).isEqualTo(old.pid());
    assertThat(answer.getLong("oldGen")).isEqualTo(old.gen());
    assertThat(answer.getLong("newPid")).isEqualTo(now.pid());
    assertThat(answer.getLong("newGen")).isEqualTo(now.gen());
    assertThat(load.failures()).as("failed requests during the restart").isEmpty();
    assertThat(launcher.worker(1).pid()).as("slot 1 untouched").isEqualTo(other.pid());
  }

  @Test
  @Order(3)
  void slotTheClusterHasNotIsABadRequestFromTheApiAndAUsageErrorFromTheCommand()
      throws Exception {
    assertThatThrownBy(() -> launcher.restart(2))
        .isInstanceOfSatisfying(AdminCallException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).isEqualTo("slot 2 is not one of the cluster's slots (0..1)");
        });
    ControlCommand.Result cli = cli("restart", "7");
    assertThat(cli.exitCode()).as("restart 7: %s", cli).isEqualTo(2);
    assertThat(cli.err()).contains("slot 7 is not one of the cluster's slots (0..1)");
    ControlCommand.Result text = cli("restart", "one");
    assertThat(text.exitCode()).as("restart one: %s", text).isEqualTo(2);
  }

  @Test
  @Order(4)
  void secondRestartOfASlotIsRefusedWhileTheFirstRuns() throws Exception {
    long before = launcher.worker(1).pid();
    CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> launcher.restart(1));
    try {
      // the replacement is in the slot table: the first restart is under way
      launcher.awaitWorker(1, w -> w.pid() != before, Duration.ofSeconds(30));

      ControlCommand.Result second = cli("restart", "1");
      assertThat(second.exitCode()).as("second restart: %s", second).isEqualTo(1);
      assertThat(second.err()).contains("not restarting slot 1: a restart of it is already "
          + "running");
    } finally {
      assertThat(first.get(120, TimeUnit.SECONDS).getLong("oldPid")).isEqualTo(before);
    }
  }

  @Test
  @Order(5)
  void restartDuringAReloadIsRefused() throws Exception {
    long slot0 = launcher.worker(0).pid();
    CompletableFuture<JsonObject> reload = CompletableFuture.supplyAsync(launcher::reload);
    try {
      launcher.awaitWorker(0, w -> w.pid() != slot0, Duration.ofSeconds(30));

      assertThatThrownBy(() -> launcher.restart(1))
          .isInstanceOfSatisfying(AdminCallException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.error()).isEqualTo("not restarting slot 1: a reload is running");
          });
    } finally {
      assertThat(reload.get(180, TimeUnit.SECONDS).getJsonArray("rolled")).hasSize(2);
    }
    Await.until(Duration.ofSeconds(30), launcher::workers,
        slots -> slots.size() == 2 && slots.stream().allMatch(WorkerStatus::ready),
        "both slots READY after the reload");
  }
}

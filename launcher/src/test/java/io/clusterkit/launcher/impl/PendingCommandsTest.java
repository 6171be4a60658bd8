package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.launcher.supervisor.ExitStatus;
import io.clusterkit.launcher.supervisor.Supervisor;
import io.clusterkit.launcher.supervisor.SupervisorOptions;
import io.clusterkit.verticles.ExitCodes;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reload, restart and scale requests against a real supervisor, with no process, no Vert.x and a fake
 * clock: each request becomes an event, and the supervisor's answer becomes a typed result or a
 * failure that says whether it was refused or failed while it ran.
 */
class PendingCommandsTest {

  private static final List<Path> LAUNCH = List.of(Path.of("/apps/app-1.jar"));
  private static final List<Path> NEW_CODE = List.of(Path.of("/apps/app-2.jar"));

  private final Supervisor supervisor = new Supervisor(new SupervisorOptions().setWorkers(2));
  private final PendingCommands commands = new PendingCommands(LAUNCH, this::handle);
  private long now = 1_000_000_000L;

  /** What the action executor does with the results: hands them back, after the other actions. */
  private void handle(Event event) {
    now += 1_000_000L;
    for (Action action : supervisor.on(event, now)) {
      if (action instanceof Action.ReloadDone done) {
        commands.reloadDone(done);
      } else if (action instanceof Action.RestartDone done) {
        commands.restartDone(done);
      } else if (action instanceof Action.ScaleDone done) {
        commands.scaleDone(done);
      }
    }
  }

  private void booted() {
    handle(new Event.Start());
    for (int slot = 0; slot < 2; slot++) {
      handle(new Event.Spawned(slot, 1, 100 + slot));
      handle(new Event.Ready(slot, 1));
    }
  }

  /** Rolls one slot: the replacement starts and is READY, the old worker drains and exits. */
  private void roll(int slot, int gen) {
    handle(new Event.Spawned(slot, gen, 200 + slot));
    handle(new Event.Ready(slot, gen));
    handle(new Event.Exited(slot, gen - 1, ExitStatus.fromExitValue(0)));
  }

  private static ControlException failure(Future<?> future) {
    assertThat(future.failed()).as("failed: %s", future).isTrue();
    assertThat(future.cause()).isInstanceOf(ControlException.class);
    return (ControlException) future.cause();
  }

  @Test
  void reloadOntoNewCodeCompletesWithTheSlotsRolledAndTheRelease() {
    booted();

    Future<ReloadResult> reload = commands.reload(NEW_CODE);
    assertThat(reload.isComplete()).isFalse();
    roll(0, 2);
    roll(1, 2);

    assertThat(reload.result()).isEqualTo(
        new ReloadResult(List.of(0, 1), 1, NEW_CODE, "reload done: 2 slots rolled"));
    assertThat(commands.classpath(1)).isEqualTo(NEW_CODE);
  }

  @Test
  void reloadOfTheSameCodeKeepsTheRelease() {
    booted();

    Future<ReloadResult> reload = commands.reload(LAUNCH);
    roll(0, 2);
    roll(1, 2);

    assertThat(reload.result().release()).isZero();
    assertThat(reload.result().classpath()).isEqualTo(LAUNCH);
  }

  @Test
  void secondReloadWhileOneRunsIsRefused() {
    booted();
    commands.reload(null);

    ControlException refused = failure(commands.reload(null));

    assertThat(refused.kind()).isEqualTo(ControlException.Kind.REFUSED);
    assertThat(refused.getMessage()).isEqualTo("not reloading: a reload is already running");
  }

  @Test
  void reloadWhileStoppingIsRefused() {
    booted();
    handle(new Event.StopRequested());

    ControlException refused = failure(commands.reload(null));

    assertThat(refused.kind()).isEqualTo(ControlException.Kind.REFUSED);
    assertThat(refused.getMessage()).isEqualTo("not reloading: the cluster is stopping");
  }

  @Test
  void replacementThatCannotBootFailsTheReloadWhileItRan() {
    booted();
    Future<ReloadResult> reload = commands.reload(NEW_CODE);
    handle(new Event.Spawned(0, 2, 200));

    handle(new Event.Exited(0, 2, ExitStatus.fromExitValue(ExitCodes.BOOT_FAILED)));

    ControlException failed = failure(reload);
    assertThat(failed.kind()).isEqualTo(ControlException.Kind.FAILED);
    assertThat(failed.getMessage()).startsWith("reload aborted after 0 slots: slot 0 gen 2 "
        + "failed to become READY");
    assertThat(commands.reload(null).isComplete()).as("a new reload may begin").isFalse();
  }

  @Test
  void stopDuringAReloadFailsIt() {
    booted();
    Future<ReloadResult> reload = commands.reload(null);

    handle(new Event.StopRequested());

    ControlException failed = failure(reload);
    assertThat(failed.kind()).isEqualTo(ControlException.Kind.FAILED);
    assertThat(failed.getMessage()).isEqualTo(
        "reload cancelled after 0 slots: the cluster is stopping");
  }

  @Test
  void scaleCompletesWithTheCountsBeforeAndAfter() {
    booted();

    assertThat(commands.scale(3).result()).isEqualTo(
        new ScaleResult(2, 3, "scaling up from 2 to 3: starting slot 2"));
  }

  @Test
  void scaleBeforeTheFirstBootIsRefused() {
    handle(new Event.Start());

    ControlException refused = failure(commands.scale(3));

    assertThat(refused.kind()).isEqualTo(ControlException.Kind.REFUSED);
    assertThat(refused.getMessage()).isEqualTo("not scaling: the cluster is still starting");
  }

  @Test
  void restartCompletesOnceTheOldWorkerHasExitedWithBothWorkers() {
    booted();

    Future<RestartResult> restart = commands.restart(1);
    handle(new Event.Spawned(1, 2, 201));
    handle(new Event.Ready(1, 2));
    assertThat(restart.isComplete()).as("the old worker still drains").isFalse();
    handle(new Event.Exited(1, 1, ExitStatus.fromExitValue(0)));

    assertThat(restart.result()).isEqualTo(new RestartResult(1, 1, 101, 2, 201,
        "slot 1 restarted: gen 1 (pid 101) replaced by gen 2 (pid 201)"));
  }

  @Test
  void secondRestartOfASlotIsRefusedAndTheFirstStillCompletes() {
    booted();
    Future<RestartResult> first = commands.restart(0);

    ControlException refused = failure(commands.restart(0));
    roll(0, 2);

    assertThat(refused.kind()).isEqualTo(ControlException.Kind.REFUSED);
    assertThat(refused.getMessage())
        .isEqualTo("not restarting slot 0: a restart of it is already running");
    assertThat(first.succeeded()).isTrue();
  }

  @Test
  void restartWhileAReloadRunsIsRefused() {
    booted();
    commands.reload(null);

    ControlException refused = failure(commands.restart(1));

    assertThat(refused.kind()).isEqualTo(ControlException.Kind.REFUSED);
    assertThat(refused.getMessage()).isEqualTo("not restarting slot 1: a reload is running");
  }

  @Test
  void restartOfASlotTheClusterHasNotFailsAsABadArgument() {
    booted();

    Future<RestartResult> restart = commands.restart(5);

    assertThat(restart.failed()).isTrue();
    assertThat(restart.cause()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slot 5 is not one of the cluster's slots (0..1)");
  }

  @Test
  void restartWhoseReplacementCannotBootFailsWhileItRan() {
    booted();
    Future<RestartResult> restart = commands.restart(0);
    handle(new Event.Spawned(0, 2, 200));

    handle(new Event.Exited(0, 2, ExitStatus.fromExitValue(ExitCodes.BOOT_FAILED)));

    ControlException failed = failure(restart);
    assertThat(failed.kind()).isEqualTo(ControlException.Kind.FAILED);
    assertThat(failed.getMessage()).isEqualTo("restart of slot 0 failed: slot 0 gen 2 failed to "
        + "become READY: exit code 4 (BOOT_FAILED); gen 1 keeps serving");
  }
}

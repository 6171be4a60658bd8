package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.BOOT_TIMEOUT;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.GRACE;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.RestartPolicyOptions;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Action.RestartDone.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restart of one slot: its replacement starts beside the old worker and is routed once READY,
 * only then is the old one drained, and the answer names both; other slots are untouched; the
 * cluster's state may refuse it; a replacement that never comes up leaves the old one serving.
 */
class SupervisorRestartSlotTest {

  private final SupervisorDriver d = SupervisorDriver.workers(3);

  private List<Action> restart(int slot) {
    return d.on(new Event.RestartRequested(slot));
  }

  private static Action.RestartDone answer(List<Action> actions) {
    List<Action.RestartDone> done = only(actions, Action.RestartDone.class);
    assertThat(done).hasSize(1);
    return done.get(0);
  }

  @Test
  void restartStartsAReplacementBesideTheServingWorkerOfThatSlotOnly() {
    d.booted();

    List<Action> actions = restart(1);

    assertThat(only(actions, Action.Spawn.class)).containsExactly(new Action.Spawn(1, 2));
    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(BOOT_TIMEOUT, new Event.BootTimeout(1, 2)));
    assertThat(only(actions, Action.SetRoutable.class)).as("the old worker keeps serving")
        .isEmpty();
    assertThat(only(actions, Action.Signal.class)).isEmpty();
    assertThat(only(actions, Action.RestartDone.class)).as("answered once it is done").isEmpty();
  }

  @Test
  void replacementIsRoutedThenTheOldWorkerDrainsWithARestartReasonThenTheAnswerComes() {
    d.booted();
    restart(1);
    d.spawned(1, 2);

    List<Action> ready = d.ready(1, 2);

    assertThat(only(ready, Action.SetRoutable.class)).containsExactly(
        new Action.SetRoutable(1, 2, true), new Action.SetRoutable(1, 1, false));
    assertThat(only(ready, Action.Signal.class))
        .containsExactly(new Action.Signal(1, 1, pid(1, 1), Sig.TERM));
    assertThat(only(ready, Action.Schedule.class))
        .containsExactly(new Action.Schedule(GRACE, new Event.DrainTimeout(1, 1)));
    assertThat(only(ready, Action.Transition.class)).extracting(Action.Transition::detail)
        .contains("restart requested: replaced by gen 2");
    assertThat(only(ready, Action.RestartDone.class)).isEmpty();

    List<Action> exited = d.exit(1, 1, 0);

    assertThat(answer(exited)).isEqualTo(new Action.RestartDone(Outcome.DONE, 1, 1, pid(1, 1), 2,
        pid(1, 2), "slot 1 restarted: gen 1 (pid " + pid(1, 1) + ") replaced by gen 2 (pid "
        + pid(1, 2) + ")"));
    assertThat(only(exited, Action.Spawn.class)).as("no other slot is touched").isEmpty();
    assertThat(d.view(0).gen()).isEqualTo(1);
    assertThat(d.view(2).gen()).isEqualTo(1);
    assertThat(d.view(1).state()).isEqualTo(WorkerState.READY);
  }

  @Test
  void restartOfAnotherSlotWaitsForTheFirstToFinish() {
    d.booted();
    restart(0);

    List<Action> second = restart(2);

    assertThat(only(second, Action.Spawn.class)).as("one slot at a time").isEmpty();
    assertThat(only(second, Action.RestartDone.class)).isEmpty();
    d.spawned(0, 2);
    d.ready(0, 2);
    List<Action> firstDone = d.exit(0, 1, 0);
    assertThat(answer(firstDone).outcome()).isEqualTo(Outcome.DONE);
    assertThat(only(firstDone, Action.Spawn.class)).containsExactly(new Action.Spawn(2, 2));
  }

  @Test
  void secondRestartOfTheSameSlotIsRefused() {
    d.booted();
    restart(1);

    Action.RestartDone refused = answer(restart(1));

    assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(refused.detail())
        .isEqualTo("not restarting slot 1: slot 1 is being replaced already (restart requested)");
  }

  @Test
  void restartWhileAReloadRunsIsRefused() {
    d.booted();
    d.on(new Event.ReloadRequested(0));

    Action.RestartDone refused = answer(restart(2));

    assertThat(refused).isEqualTo(new Action.RestartDone(Outcome.REFUSED, 2, 1, pid(2, 1), -1,
        -1, "not restarting slot 2: a reload is running"));
  }

  @Test
  void restartWhileStartingOrStoppingIsRefused() {
    d.started();
    assertThat(answer(restart(0)).detail())
        .isEqualTo("not restarting slot 0: the cluster is still starting");
    d.stop();
    assertThat(answer(restart(0)).detail())
        .isEqualTo("not restarting slot 0: the cluster is stopping");
  }

  @Test
  void restartOfASlotTheClusterHasNotIsAnsweredUnknown() {
    d.booted();
    d.on(new Event.ScaleRequested(2));

    assertThat(answer(restart(2))).isEqualTo(new Action.RestartDone(Outcome.UNKNOWN_SLOT, 2, -1,
        -1, -1, -1, "slot 2 is not one of the cluster's slots (0..1)"));
    assertThat(answer(restart(9)).outcome()).isEqualTo(Outcome.UNKNOWN_SLOT);
    assertThat(answer(restart(-1)).outcome()).isEqualTo(Outcome.UNKNOWN_SLOT);
  }

  @Test
  void replacementThatNeverBecomesReadyFailsTheRestartAndTheOldWorkerKeepsServing() {
    d.booted();
    restart(1);
    d.spawned(1, 2);
    d.on(new Event.BootTimeout(1, 2));

    List<Action> exited = d.exit(1, 2, 137);

    assertThat(answer(exited)).isEqualTo(new Action.RestartDone(Outcome.FAILED, 1, 1, pid(1, 1),
        2, pid(1, 2), "restart of slot 1 failed: slot 1 gen 2 failed to become READY: signal 9 "
        + "(KILL), no READY within 60 s; gen 1 keeps serving"));
    assertThat(only(exited, Action.SetRoutable.class)).isEmpty();
    assertThat(d.view(1).gen()).isEqualTo(1);
    assertThat(d.view(1).state()).isEqualTo(WorkerState.READY);
    assertThat(only(restart(1), Action.Spawn.class)).as("a new restart may follow")
        .containsExactly(new Action.Spawn(1, 3));
  }

  @Test
  void stopDuringARestartFailsItAsCancelled() {
    d.booted();
    restart(1);

    Action.RestartDone cancelled = answer(d.stop());

    assertThat(cancelled.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(cancelled.detail())
        .isEqualTo("restart of slot 1 cancelled: the cluster is stopping");
  }

  @Test
  void restartGivesAFailedSlotAFreshWorkerAtOnce() {
    SupervisorDriver two = new SupervisorDriver(new SupervisorOptions().setWorkers(2)
        .setRestartPolicy(new RestartPolicyOptions().setMaxRestarts(0)));
    two.booted();
    two.exit(1, 1, 1);
    assertThat(two.view(1).state()).isEqualTo(WorkerState.FAILED);

    List<Action> actions = two.on(new Event.RestartRequested(1));
    two.spawned(1, 2);
    List<Action> ready = two.ready(1, 2);

    assertThat(only(actions, Action.Spawn.class)).containsExactly(new Action.Spawn(1, 2));
    assertThat(only(ready, Action.RestartDone.class)).extracting(Action.RestartDone::outcome,
        Action.RestartDone::oldPid, Action.RestartDone::newGen)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.DONE, pid(1, 1), 2));
    assertThat(two.view(1).state()).isEqualTo(WorkerState.READY);
  }

  @Test
  void reloadAfterAQueuedRestartKeepsTheRestartAndItsAnswer() {
    d.booted();
    d.on(new Event.Recycle(0, 1, "heap over -max-memory"));
    restart(2); // queued behind slot 0's recycle

    d.on(new Event.ReloadRequested(0));
    d.spawned(0, 2);
    d.ready(0, 2);
    List<Action> recycled = d.exit(0, 1, 0);
    assertThat(only(recycled, Action.Spawn.class)).containsExactly(new Action.Spawn(2, 2));
    d.spawned(2, 2);
    d.ready(2, 2);

    assertThat(answer(d.exit(2, 1, 0)).outcome()).isEqualTo(Outcome.DONE);
  }
}

package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.BOOT_TIMEOUT;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.GRACE;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling reload: per slot, the replacement starts beside the old worker and is routed once
 * READY; only then is the old one drained; the next slot starts once the old one has exited. A
 * replacement that never comes up aborts the reload and the old worker keeps its slot.
 */
class SupervisorReloadTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  private List<Action> reload(int release) {
    return d.on(new Event.ReloadRequested(release));
  }

  @Test
  void reloadStartsTheFirstReplacementBesideTheServingWorker() {
    d.booted();

    List<Action> actions = reload(1);

    assertThat(only(actions, Action.Spawn.class)).containsExactly(new Action.Spawn(0, 2, 1));
    assertThat(only(actions, Action.SetRoutable.class)).as("the old worker keeps serving")
        .isEmpty();
    assertThat(only(actions, Action.Signal.class)).isEmpty();
    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(BOOT_TIMEOUT, new Event.BootTimeout(0, 2)));
  }

  @Test
  void replacementIsRoutedBeforeTheOldWorkerIsUnroutedAndDrained() {
    d.booted();
    reload(1);
    d.spawned(0, 2);

    List<Action> actions = d.ready(0, 2);

    assertThat(only(actions, Action.SetRoutable.class)).containsExactly(
        new Action.SetRoutable(0, 2, true),
        new Action.SetRoutable(0, 1, false));
    assertThat(only(actions, Action.Signal.class))
        .containsExactly(new Action.Signal(0, 1, pid(0, 1), Sig.TERM));
    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(GRACE, new Event.DrainTimeout(0, 1)));
    assertThat(only(actions, Action.Spawn.class)).as("slot 1 waits for slot 0's old worker")
        .isEmpty();
  }

  @Test
  void nextSlotStartsOnceTheOldWorkerHasExitedAndTheReloadEndsAfterTheLast() {
    d.booted();
    reload(1);
    d.spawned(0, 2);
    d.ready(0, 2);

    List<Action> oldGone = d.exit(0, 1, 0);

    assertThat(only(oldGone, Action.Transition.class)).extracting(Action.Transition::detail)
        .containsExactly("exit code 0 (OK), planned");
    assertThat(only(oldGone, Action.Spawn.class)).containsExactly(new Action.Spawn(1, 2, 1));
    d.spawned(1, 2);
    d.ready(1, 2);
    List<Action> last = d.exit(1, 1, 0);
    assertThat(only(last, Action.ReloadDone.class))
        .containsExactly(new Action.ReloadDone(Action.ReloadDone.Outcome.DONE, List.of(0, 1),
            "reload done: 2 slots rolled"));
    assertThat(d.supervisor.slots()).extracting(SlotView::gen, SlotView::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2, WorkerState.READY),
            org.assertj.core.groups.Tuple.tuple(2, WorkerState.READY));
  }

  @Test
  void crashRestartsAfterAReloadRunTheNewRelease() {
    d.booted();
    reload(3);
    d.spawned(0, 2);
    d.ready(0, 2);
    d.exit(0, 1, 0);

    List<Action> crash = d.exit(0, 2, 1);
    d.respawnAfter(crash);

    assertThat(d.supervisor.slots().get(0).gen()).isEqualTo(3);
  }

  @Test
  void replacementThatFailsToBootAbortsTheReloadAndTheOldWorkerKeepsItsSlot() {
    d.booted();
    reload(1);
    d.spawned(0, 2);
    d.ready(0, 2);
    d.exit(0, 1, 0);
    d.spawned(1, 2);

    List<Action> failed = d.exit(1, 2, ExitCodes.BOOT_FAILED);

    assertThat(only(failed, Action.ReloadDone.class)).singleElement()
        .satisfies(done -> {
          assertThat(done.completed()).isFalse();
          assertThat(done.detail()).startsWith("reload aborted after 1 slot: slot 1 gen 2 failed "
              + "to become READY");
        });
    assertThat(only(failed, Action.Schedule.class)).as("no respawn: gen 1 still serves")
        .isEmpty();
    assertThat(only(failed, Action.SetRoutable.class)).isEmpty();
    assertThat(d.view(1).gen()).isEqualTo(1);
    assertThat(d.view(1).state()).isEqualTo(WorkerState.READY);
    assertThat(d.view(1).pid()).isEqualTo(pid(1, 1));
    assertThat(d.view(0).gen()).as("slot 0 keeps the new code").isEqualTo(2);
  }

  @Test
  void replacementThatNeverReportsReadyIsKilledAtTheBootTimeoutAndAbortsTheReload() {
    d.booted();
    reload(1);
    d.spawned(0, 2);

    d.advance(java.time.Duration.ofNanos(BOOT_TIMEOUT));
    assertThat(only(d.on(new Event.BootTimeout(0, 2)), Action.Signal.class))
        .containsExactly(new Action.Signal(0, 2, pid(0, 2), Sig.KILL));
    List<Action> killed = d.exit(0, 2, 137);

    assertThat(only(killed, Action.ReloadDone.class)).extracting(Action.ReloadDone::completed)
        .containsExactly(false);
    assertThat(d.view(0).gen()).isEqualTo(1);
    assertThat(d.view(0).state()).isEqualTo(WorkerState.READY);
  }

  @Test
  void secondReloadWhileOneRunsIsRefused() {
    d.booted();
    reload(1);

    assertThat(reload(2)).containsExactly(
        new Action.ReloadDone(Action.ReloadDone.Outcome.REFUSED, List.of(),
            "not reloading: a reload is already running"));
  }

  @Test
  void stopDuringAReloadCancelsItAndDrainsEveryWorker() {
    d.booted();
    reload(1);
    d.spawned(0, 2);

    List<Action> stop = d.stop();

    assertThat(only(stop, Action.ReloadDone.class)).extracting(Action.ReloadDone::completed)
        .containsExactly(false);
    assertThat(only(stop, Action.Signal.class)).extracting(Action.Signal::slot,
        Action.Signal::gen).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(0, 2),
            org.assertj.core.groups.Tuple.tuple(1, 1));
  }

  @Test
  void oldWorkerStillDrainingAtTheEndOfTheGraceIsKilled() {
    d.booted();
    reload(1);
    d.spawned(0, 2);
    d.ready(0, 2);

    assertThat(d.on(new Event.DrainTimeout(0, 1))).containsExactly(
        new Action.Note(0, 1, pid(0, 1), "grace period of 30 s is over: killing it"),
        new Action.Signal(0, 1, pid(0, 1), Sig.KILL));
  }
}

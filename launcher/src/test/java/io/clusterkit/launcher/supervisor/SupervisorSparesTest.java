package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.BACKOFF_INITIAL;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.BOOT_TIMEOUT;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spares: processes started without a slot once the first boot is done, given to a slot that
 * needs a process (crash, health replacement, scale up, reload step) instead of a JVM started
 * then; replaced with the restart policy's backoff when they die; stopped with the cluster.
 */
class SupervisorSparesTest {

  private static final long SPARE_PID = 9001;

  private final SupervisorDriver d = new SupervisorDriver(
      new SupervisorOptions().setWorkers(2).setSpares(1));

  /** Boots the cluster and its spare 1, which reports its pid and that it waits. */
  private void bootedWithWaitingSpare() {
    d.booted();
    d.on(new Event.SpareSpawned(1, SPARE_PID));
    d.on(new Event.SpareWaiting(1));
  }

  @Test
  void spareStartsOnlyOnceTheFirstBootIsDone() {
    List<Action> start = d.start();
    assertThat(only(start, Action.SpawnSpare.class)).as("not on the first boot's critical path")
        .isEmpty();
    d.spawned(0, 1);
    d.spawned(1, 1);
    d.ready(0, 1);

    List<Action> lastReady = d.ready(1, 1);

    assertThat(only(lastReady, Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(1, 0));
    assertThat(only(lastReady, Action.Schedule.class))
        .contains(new Action.Schedule(BOOT_TIMEOUT, new Event.SpareBootTimeout(1)));
    assertThat(d.supervisor.spares()).extracting(SpareView::id, SpareView::waiting)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false));
  }

  @Test
  void crashedSlotGetsTheWaitingSpareAtOnceAndANewSpareStarts() {
    bootedWithWaitingSpare();

    List<Action> crash = d.exit(1, 1, 137);

    assertThat(only(crash, Action.Spawn.class)).as("no JVM boot on the critical path").isEmpty();
    assertThat(only(crash, Action.Schedule.class)).extracting(Action.Schedule::event)
        .as("no backoff before a waiting spare").doesNotHaveAnyElementsOfTypes(
            Event.RespawnDue.class);
    assertThat(only(crash, Action.Assign.class)).containsExactly(new Action.Assign(1, 1, 2, 0));
    assertThat(only(crash, Action.SpawnSpare.class)).as("no JVM boot beside the deploy")
        .isEmpty();
    assertThat(d.view(1).pid()).isEqualTo(SPARE_PID);
    assertThat(d.view(1).state()).isEqualTo(WorkerState.STARTING);

    List<Action> ready = d.ready(1, 2);
    assertThat(only(ready, Action.SetRoutable.class))
        .containsExactly(new Action.SetRoutable(1, 2, true));
    assertThat(only(ready, Action.SpawnSpare.class)).as("the slot serves: the next spare boots")
        .containsExactly(new Action.SpawnSpare(2, 0));
    assertThat(d.supervisor.spares()).extracting(SpareView::id).containsExactly(2);
  }

  @Test
  void assignedSpareIsRoutedOnlyOnceItReportsReady() {
    bootedWithWaitingSpare();
    List<Action> crash = d.exit(0, 1, 137);

    assertThat(only(crash, Action.SetRoutable.class))
        .containsExactly(new Action.SetRoutable(0, 1, false));
    assertThat(d.supervisor.slots().get(0).ready()).isFalse();
  }

  @Test
  void slotTakesASpareStillBootingAndLearnsItsPidLater() {
    d.booted();
    List<Action> crash = d.exit(0, 1, 137);
    Action.Schedule backoff = only(crash, Action.Schedule.class).get(0);
    assertThat(backoff.event()).as("no waiting spare: the usual backoff")
        .isEqualTo(new Event.RespawnDue(0, 2));
    d.advance(Duration.ofNanos(backoff.delayNanos()));

    List<Action> due = d.on(backoff.event());

    assertThat(only(due, Action.Assign.class)).containsExactly(new Action.Assign(1, 0, 2, 0));
    assertThat(only(due, Action.Spawn.class)).isEmpty();
    assertThat(d.view(0).pid()).isEqualTo(-1);
    d.on(new Event.SpareSpawned(1, SPARE_PID));
    assertThat(d.view(0).pid()).isEqualTo(SPARE_PID);
    assertThat(only(d.on(new Event.SpareWaiting(1)), Action.SpareNote.class))
        .as("a spare given a slot is its worker now").isEmpty();
    assertThat(only(d.ready(0, 2), Action.SetRoutable.class))
        .containsExactly(new Action.SetRoutable(0, 2, true));
  }

  @Test
  void assignedSpareWhoseExitIsReportedAsASparesCountsAsTheSlotsExit() {
    bootedWithWaitingSpare();
    d.exit(1, 1, 137);

    List<Action> exit = d.on(new Event.SpareExited(1, ExitStatus.fromExitValue(137)));

    assertThat(only(exit, Action.Exit.class)).containsExactly(
        new Action.Exit(1, 2, SPARE_PID, ExitStatus.fromExitValue(137), false));
  }

  @Test
  void spareKilledWhileWaitingIsReplacedAfterTheBackoff() {
    bootedWithWaitingSpare();

    List<Action> died = d.on(new Event.SpareExited(1, ExitStatus.fromExitValue(137)));

    assertThat(only(died, Action.SpareNote.class)).extracting(Action.SpareNote::error)
        .containsExactly(true);
    assertThat(only(died, Action.SpawnSpare.class)).isEmpty();
    Action.Schedule backoff = only(died, Action.Schedule.class).get(0);
    assertThat(backoff.delayNanos()).isEqualTo(BACKOFF_INITIAL.toNanos());
    assertThat(d.supervisor.spares()).isEmpty();
    d.advance(BACKOFF_INITIAL);
    assertThat(only(d.on(backoff.event()), Action.SpawnSpare.class))
        .containsExactly(new Action.SpawnSpare(2, 0));
  }

  @Test
  void spareThatNeverWaitsIsKilledAtItsBootTimeout() {
    d.booted();
    d.on(new Event.SpareSpawned(1, SPARE_PID));

    List<Action> timeout = d.on(new Event.SpareBootTimeout(1));

    assertThat(only(timeout, Action.SignalSpare.class))
        .containsExactly(new Action.SignalSpare(1, SPARE_PID, Sig.KILL));
  }

  @Test
  void sparesFailingPastMaxRestartsAreGivenUpUntilAReload() {
    d.booted();
    int id = 1;
    for (int i = 0; i <= 4; i++) {
      List<Action> died = d.on(new Event.SpareExited(id, ExitStatus.fromExitValue(1)));
      List<Action.Schedule> due = only(died, Action.Schedule.class);
      if (i < 4) {
        d.advance(Duration.ofNanos(due.get(0).delayNanos()));
        id = only(d.on(due.get(0).event()), Action.SpawnSpare.class).get(0).spare();
      } else {
        assertThat(due).as("given up: no more spares").isEmpty();
      }
    }
    assertThat(d.supervisor.spares()).isEmpty();
    assertThat(only(d.exit(0, 1, 137), Action.SpawnSpare.class)).isEmpty();
  }

  @Test
  void scaleUpTakesTheWaitingSpare() {
    bootedWithWaitingSpare();

    List<Action> scale = d.on(new Event.ScaleRequested(3));

    assertThat(only(scale, Action.Assign.class)).containsExactly(new Action.Assign(1, 2, 1, 0));
    assertThat(only(scale, Action.Spawn.class)).isEmpty();
  }

  @Test
  void unhealthyWorkerIsReplacedByTheWaitingSpare() {
    bootedWithWaitingSpare();

    List<Action> unhealthy = d.on(new Event.Unhealthy(0, 1, "missed heartbeats"));

    assertThat(only(unhealthy, Action.Assign.class)).containsExactly(new Action.Assign(1, 0, 2, 0));
  }

  @Test
  void stopTermsSparesAndHaltsOnlyOnceTheyHaveExited() {
    bootedWithWaitingSpare();

    List<Action> stop = d.stop();

    assertThat(only(stop, Action.SignalSpare.class))
        .containsExactly(new Action.SignalSpare(1, SPARE_PID, Sig.TERM));
    d.exit(0, 1, 0);
    assertThat(only(d.exit(1, 1, 0), Action.Halt.class)).as("the spare still runs").isEmpty();
    assertThat(only(d.on(new Event.SpareExited(1, ExitStatus.fromExitValue(0))),
        Action.Halt.class)).extracting(Action.Halt::exitCode).containsExactly(ExitCodes.OK);
  }

  @Test
  void reloadOntoNewCodeRetiresOldSparesAndBootsTheSurgeOfNewOnes() {
    SupervisorDriver four = new SupervisorDriver(
        new SupervisorOptions().setWorkers(4).setSpares(1).setReloadSurge(2));
    four.booted();
    four.on(new Event.SpareSpawned(1, SPARE_PID));

    List<Action> reload = four.on(new Event.ReloadRequested(1));

    assertThat(only(reload, Action.SignalSpare.class))
        .containsExactly(new Action.SignalSpare(1, SPARE_PID, Sig.TERM));
    assertThat(only(reload, Action.SpawnSpare.class)).as("two ahead of the steps left")
        .containsExactly(new Action.SpawnSpare(2, 1), new Action.SpawnSpare(3, 1),
            new Action.SpawnSpare(4, 1));
    assertThat(only(reload, Action.Assign.class)).as("the first step takes a new spare")
        .containsExactly(new Action.Assign(2, 0, 2, 1));
    assertThat(only(reload, Action.Spawn.class)).isEmpty();
  }

  @Test
  void surgeReloadBeginsTheNextSlotOnceTheReplacementIsReadyWhileTheOldOneDrains() {
    SupervisorDriver two = new SupervisorDriver(
        new SupervisorOptions().setWorkers(2).setSpares(1).setReloadSurge(2));
    two.booted();
    two.on(new Event.SpareSpawned(1, SPARE_PID));
    two.on(new Event.SpareWaiting(1));

    List<Action> reload = two.on(new Event.ReloadRequested(0));
    assertThat(only(reload, Action.Assign.class)).containsExactly(new Action.Assign(1, 0, 2, 0));
    assertThat(only(reload, Action.SpawnSpare.class)).containsExactly(new Action.SpawnSpare(2, 0));
    two.on(new Event.SpareSpawned(2, SPARE_PID + 1));
    two.on(new Event.SpareWaiting(2));

    List<Action> ready = two.ready(0, 2);

    assertThat(only(ready, Action.Signal.class)).as("the old worker drains")
        .containsExactly(new Action.Signal(0, 1, pid(0, 1), Sig.TERM));
    assertThat(only(ready, Action.Assign.class)).as("slot 1 does not wait for its exit")
        .containsExactly(new Action.Assign(2, 1, 2, 0));
    List<Action> last = two.ready(1, 2);
    assertThat(only(last, Action.ReloadDone.class)).extracting(Action.ReloadDone::outcome)
        .containsExactly(Action.ReloadDone.Outcome.DONE);
    assertThat(only(two.exit(0, 1, 0), Action.Spawn.class)).isEmpty();
    assertThat(only(two.exit(1, 1, 0), Action.Spawn.class)).isEmpty();
    assertThat(two.supervisor.spares()).as("back to -spares 1 once the reload is over")
        .hasSize(1);
  }

  @Test
  void newCodeSpareThatCannotBootStopsTheReload() {
    SupervisorDriver four = new SupervisorDriver(
        new SupervisorOptions().setWorkers(4).setSpares(1).setReloadSurge(2));
    four.booted();
    four.on(new Event.ReloadRequested(1)); // spare 2 for slot 0, spare 3 waits for slot 1

    List<Action> failed = four.on(new Event.SpareExited(3,
        ExitStatus.fromExitValue(ExitCodes.BOOT_FAILED)));

    assertThat(only(failed, Action.ReloadDone.class)).extracting(Action.ReloadDone::outcome)
        .containsExactly(Action.ReloadDone.Outcome.ABORTED);
    assertThat(only(failed, Action.ReloadDone.class).get(0).detail())
        .contains("spare 3 failed to boot");
  }

  @Test
  void noSpareEverWithSparesZero() {
    SupervisorDriver none = SupervisorDriver.workers(2);
    none.booted();

    List<Action> crash = none.exit(0, 1, 137);

    assertThat(only(crash, Action.SpawnSpare.class)).isEmpty();
    assertThat(only(none.on(new Event.ReloadRequested(1)), Action.SpawnSpare.class)).isEmpty();
    assertThat(none.supervisor.spares()).isEmpty();
    assertThat(pid(0, 1)).isPositive();
  }
}

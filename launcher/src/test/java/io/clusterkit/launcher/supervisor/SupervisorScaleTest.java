package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.GRACE;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scaling at run time: new slots start; the highest slots drain and leave; none renumbered. */
class SupervisorScaleTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  private List<Action> scale(int workers) {
    return d.on(new Event.ScaleRequested(workers));
  }

  @Test
  void scalingUpStartsTheNewSlots() {
    d.booted();

    List<Action> actions = scale(4);

    assertThat(only(actions, Action.Spawn.class))
        .containsExactly(new Action.Spawn(2, 1), new Action.Spawn(3, 1));
    assertThat(only(actions, Action.ScaleDone.class)).containsExactly(
        new Action.ScaleDone(true, 2, 4, "scaling up from 2 to 4: starting slots 2..3"));
    assertThat(d.supervisor.slots()).hasSize(4);
  }

  @Test
  void scalingDownDrainsTheHighestSlotsWhichLeaveOnceExited() {
    d.booted();

    List<Action> actions = scale(1);

    assertThat(actions).containsSubsequence(
        new Action.SetRoutable(1, 1, false),
        new Action.Signal(1, 1, pid(1, 1), Sig.TERM),
        new Action.Schedule(GRACE, new Event.DrainTimeout(1, 1)),
        new Action.ScaleDone(true, 2, 1, "scaling down from 2 to 1: draining slot 1"));
    assertThat(d.supervisor.slots()).extracting(SlotView::state)
        .containsExactly(WorkerState.READY, WorkerState.DRAINING);
    List<Action> exited = d.exit(1, 1, 0);
    assertThat(only(exited, Action.Schedule.class)).as("no respawn of a slot scaled away")
        .isEmpty();
    assertThat(d.supervisor.slots()).extracting(SlotView::slot).containsExactly(0);
  }

  @Test
  void slotScaledAwayComesBackWithItsNextGeneration() {
    d.booted();
    scale(1);
    d.exit(1, 1, 0);

    assertThat(only(scale(2), Action.Spawn.class)).containsExactly(new Action.Spawn(1, 2));
  }

  @Test
  void crashOfAWorkerStillDrainingAfterAScaleDownIsNotReplaced() {
    d.booted();
    scale(1);

    assertThat(only(d.exit(1, 1, 1), Action.Schedule.class)).isEmpty();
  }

  @Test
  void scaleAboveTheWorkerCeilingIsRefusedAndStartsNothing() {
    SupervisorDriver bounded = new SupervisorDriver(
        new SupervisorOptions().setWorkers(2).setMaxWorkers(3));
    bounded.booted();

    assertThat(bounded.on(new Event.ScaleRequested(4))).containsExactly(
        new Action.ScaleDone(false, 2, 2, "not scaling to 4: the ceiling is 3 workers on this "
            + "machine (-max-workers N raises it)"));
    assertThat(only(bounded.on(new Event.ScaleRequested(3)), Action.Spawn.class))
        .containsExactly(new Action.Spawn(2, 1));
  }

  @Test
  void scaleIsRefusedWhileAReloadRunsOrBelowOne() {
    d.booted();

    assertThat(scale(0)).containsExactly(
        new Action.ScaleDone(false, 2, 2, "workers must be >= 1, was 0"));
    d.on(new Event.ReloadRequested(0));
    assertThat(scale(3)).containsExactly(
        new Action.ScaleDone(false, 2, 2, "not scaling: a reload is running"));
  }

  @Test
  void reloadAfterAScaleUpRollsEveryActiveSlot() {
    d.booted();
    scale(3);
    d.spawned(2, 1);
    d.ready(2, 1);
    scale(2);
    d.exit(2, 1, 0);

    d.on(new Event.ReloadRequested(1));
    d.spawned(0, 2);
    d.ready(0, 2);
    d.exit(0, 1, 0);
    d.spawned(1, 2);
    d.ready(1, 2);
    List<Action> last = d.exit(1, 1, 0);

    assertThat(only(last, Action.ReloadDone.class))
        .containsExactly(new Action.ReloadDone(Action.ReloadDone.Outcome.DONE, List.of(0, 1),
            "reload done: 2 slots rolled"));
  }

  @Test
  void slotsAddedAfterAReloadRunItsRelease() {
    d.booted();
    d.on(new Event.ReloadRequested(4));
    d.spawned(0, 2);
    d.ready(0, 2);
    d.exit(0, 1, 0);
    d.spawned(1, 2);
    d.ready(1, 2);
    d.exit(1, 1, 0);

    assertThat(only(scale(3), Action.Spawn.class)).containsExactly(new Action.Spawn(2, 1, 4));
  }
}

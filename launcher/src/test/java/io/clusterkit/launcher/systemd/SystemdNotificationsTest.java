package io.clusterkit.launcher.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.launcher.supervisor.ExitStatus;
import io.clusterkit.launcher.supervisor.SlotView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What systemd is told, event by event: READY once every worker is READY, RELOADING and READY
 * around a reload with its progress, STOPPING once, and a STATUS line when the count changes.
 */
class SystemdNotificationsTest {

  private final SystemdNotifications notifications = new SystemdNotifications(42);

  private static SlotView slot(int slot, int gen, WorkerState state) {
    return new SlotView(slot, gen, 100 + slot, state, gen - 1, 0, state == WorkerState.READY
        ? 0 : -1);
  }

  private static Action.Transition ready(int slot, int gen) {
    return new Action.Transition(slot, gen, 100 + slot, WorkerState.STARTING, WorkerState.READY,
        1_000, "", false);
  }

  private List<String> bootBoth() {
    notifications.after(new Event.Start(), List.of(new Action.Spawn(0, 1),
        new Action.Spawn(1, 1)), List.of(slot(0, 1, WorkerState.STARTING),
        slot(1, 1, WorkerState.STARTING)), 0);
    notifications.after(new Event.Ready(0, 1), List.of(ready(0, 1)),
        List.of(slot(0, 1, WorkerState.READY), slot(1, 1, WorkerState.STARTING)), 0);
    return notifications.after(new Event.Ready(1, 1), List.of(ready(1, 1),
        new Action.ClusterReady()), List.of(slot(0, 1, WorkerState.READY),
        slot(1, 1, WorkerState.READY)), 0);
  }

  @Test
  void startingCountsReadyWorkersThenReadyOnceAllAre() {
    assertThat(notifications.after(new Event.Start(), List.of(new Action.Spawn(0, 1),
        new Action.Spawn(1, 1)), List.of(slot(0, 1, WorkerState.STARTING),
        slot(1, 1, WorkerState.STARTING)), 0))
        .containsExactly("STATUS=starting: 0/2 workers ready");
    assertThat(notifications.after(new Event.Ready(0, 1), List.of(ready(0, 1)),
        List.of(slot(0, 1, WorkerState.READY), slot(1, 1, WorkerState.STARTING)), 0))
        .containsExactly("STATUS=starting: 1/2 workers ready");
    assertThat(notifications.after(new Event.Ready(1, 1), List.of(ready(1, 1),
        new Action.ClusterReady()), List.of(slot(0, 1, WorkerState.READY),
        slot(1, 1, WorkerState.READY)), 0))
        .containsExactly("READY=1\nMAINPID=42\nSTATUS=2/2 workers ready");
  }

  @Test
  void aReloadIsReloadingWithItsProgressThenReady() {
    bootBoth();
    assertThat(notifications.after(new Event.ReloadRequested(1), List.of(
        new Action.Spawn(0, 2, 1)), List.of(slot(0, 2, WorkerState.STARTING),
        slot(1, 1, WorkerState.READY)), 7_000_123_456L))
        .containsExactly("RELOADING=1\nMONOTONIC_USEC=7000123\n"
            + "STATUS=reloading: 0/2 slots replaced");
    assertThat(notifications.after(new Event.Ready(0, 2), List.of(ready(0, 2)),
        List.of(slot(0, 2, WorkerState.READY), slot(1, 1, WorkerState.READY)), 0))
        .containsExactly("STATUS=reloading: 1/2 slots replaced");
    notifications.after(new Event.DrainTimeout(0, 1), List.of(new Action.Spawn(1, 2, 1)),
        List.of(slot(0, 2, WorkerState.READY), slot(1, 2, WorkerState.STARTING)), 0);
    assertThat(notifications.after(new Event.Ready(1, 2), List.of(ready(1, 2)),
        List.of(slot(0, 2, WorkerState.READY), slot(1, 2, WorkerState.READY)), 0))
        .containsExactly("STATUS=reloading: 2/2 slots replaced");
    assertThat(notifications.after(new Event.DrainTimeout(1, 1), List.of(
        new Action.ReloadDone(Action.ReloadDone.Outcome.DONE, List.of(0, 1),
            "reload done: 2 slots rolled")), List.of(slot(0, 2, WorkerState.READY),
        slot(1, 2, WorkerState.READY)), 0))
        .containsExactly("READY=1\nSTATUS=reload done: 2 slots rolled; 2/2 workers ready");
  }

  @Test
  void anAbortedReloadIsReadyAgainWithTheReason() {
    bootBoth();
    notifications.after(new Event.ReloadRequested(1), List.of(new Action.Spawn(0, 2, 1)),
        List.of(slot(0, 2, WorkerState.STARTING), slot(1, 1, WorkerState.READY)), 0);
    assertThat(notifications.after(new Event.BootTimeout(0, 2), List.of(
        new Action.ReloadDone(Action.ReloadDone.Outcome.ABORTED, List.of(),
            "reload aborted after 0 slots: boot timeout")), List.of(
        slot(0, 1, WorkerState.READY), slot(1, 1, WorkerState.READY)), 0))
        .containsExactly("READY=1\nSTATUS=reload aborted after 0 slots: boot timeout; "
            + "2/2 workers ready");
  }

  @Test
  void aRefusedReloadSaysNothing() {
    bootBoth();
    assertThat(notifications.after(new Event.ReloadRequested(0), List.of(
        new Action.ReloadDone(Action.ReloadDone.Outcome.REFUSED, List.of(),
            "not reloading: a reload is already running")), List.of(
        slot(0, 1, WorkerState.READY), slot(1, 1, WorkerState.READY)), 0)).isEmpty();
  }

  @Test
  void aStopIsStoppingOnceAndNothingAfter() {
    bootBoth();
    List<SlotView> draining = List.of(slot(0, 1, WorkerState.DRAINING),
        slot(1, 1, WorkerState.DRAINING));
    assertThat(notifications.after(new Event.StopRequested(), List.of(), draining, 0))
        .containsExactly("STOPPING=1\nSTATUS=stopping: draining 2 workers");
    assertThat(notifications.after(new Event.StopRequested(), List.of(), draining, 0))
        .isEmpty();
    assertThat(notifications.after(new Event.GraceExpired(), List.of(
        new Action.Halt(0, "stopped")), draining, 0)).isEmpty();
  }

  @Test
  void aHaltWithoutAStopIsStoppingWithItsReason() {
    bootBoth();
    assertThat(notifications.after(new Event.Exited(0, 1, new ExitStatus(1, 0)), List.of(
        new Action.Halt(5, "every slot FAILED")), List.of(slot(0, 1, WorkerState.FAILED),
        slot(1, 1, WorkerState.FAILED)), 0))
        .containsExactly("STOPPING=1\nSTATUS=stopping: every slot FAILED");
  }

  @Test
  void aWorkerLostAfterReadyChangesTheStatusOnly() {
    bootBoth();
    assertThat(notifications.after(new Event.Exited(1, 1, new ExitStatus(0, 9)), List.of(
        new Action.Transition(1, 1, 101, WorkerState.READY, WorkerState.EXITED, 5, "crash",
            false)), List.of(slot(0, 1, WorkerState.READY), slot(1, 1, WorkerState.EXITED)), 0))
        .containsExactly("STATUS=1/2 workers ready");
  }
}

package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.GRACE;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Graceful stop: drain with TERM, KILL after the grace period or a second request, Halt once. */
class SupervisorStopTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  @Test
  void stopDrainsEveryReadyWorkerAndSchedulesTheGracePeriod() {
    d.booted();
    d.advance(Duration.ofSeconds(5));

    assertThat(d.stop()).containsExactly(
        new Action.SetRoutable(0, 1, false),
        new Action.Transition(0, 1, pid(0, 1), WorkerState.READY, WorkerState.DRAINING, 5_000_000_000L,
            "stop requested", true),
        new Action.Signal(0, 1, pid(0, 1), Sig.TERM),
        new Action.SetRoutable(1, 1, false),
        new Action.Transition(1, 1, pid(1, 1), WorkerState.READY, WorkerState.DRAINING, 5_000_000_000L,
            "stop requested", true),
        new Action.Signal(1, 1, pid(1, 1), Sig.TERM),
        new Action.Schedule(GRACE, new Event.GraceExpired()));
    assertThat(d.supervisor.stopping()).isTrue();
  }

  @Test
  void stopHaltsOkWhenTheLastWorkerHasExited() {
    d.booted();
    d.stop();

    List<Action> first = d.exit(0, 1, 0);
    List<Action> last = d.exit(1, 1, 143);

    assertThat(only(first, Action.Halt.class)).isEmpty();
    assertThat(only(first, Action.Schedule.class)).as("no respawn of a planned exit").isEmpty();
    assertThat(only(last, Action.Transition.class)).extracting(Action.Transition::detail)
        .containsExactly("signal 15 (TERM), planned");
    assertThat(only(last, Action.Halt.class)).containsExactly(new Action.Halt(ExitCodes.OK,
        "graceful stop: every worker has exited, the last was slot 1 gen 1"));
  }

  @Test
  void startingWorkerIsTermedAndStaysStarting() {
    d.started();

    assertThat(only(d.stop(), Action.Signal.class)).containsExactly(
        new Action.Signal(0, 1, pid(0, 1), Sig.TERM),
        new Action.Signal(1, 1, pid(1, 1), Sig.TERM));
    assertThat(d.view(0).state()).isEqualTo(WorkerState.STARTING);
  }

  @Test
  void readyFromAWorkerBeingStoppedIsNotRouted() {
    d.started();
    d.stop();

    assertThat(d.ready(0, 1)).containsExactly(
        new Action.Note(0, 1, pid(0, 1), "READY ignored: it is being stopped"));
    assertThat(d.view(0).state()).isEqualTo(WorkerState.STARTING);
  }

  @Test
  void stopBeforeThePidIsKnownSignalsOnSpawned() {
    d.start();

    assertThat(d.stop()).containsExactly(new Action.Schedule(GRACE, new Event.GraceExpired()));
    assertThat(d.spawned(1, 1)).containsExactly(new Action.Signal(1, 1, pid(1, 1), Sig.TERM));
  }

  @Test
  void secondStopKillsEveryLiveWorkerAndHaltsForcedStop() {
    d.booted();
    d.stop();
    d.exit(0, 1, 0);

    assertThat(only(d.stop(), Action.Signal.class))
        .containsExactly(new Action.Signal(1, 1, pid(1, 1), Sig.KILL));
    assertThat(only(d.exit(1, 1, 137), Action.Halt.class)).containsExactly(new Action.Halt(
        ExitCodes.FORCED_STOP, "forced stop: every worker is gone, the last was slot 1 gen 1"));
  }

  @Test
  void thirdStopDoesNothingMore() {
    d.booted();
    d.stop();
    d.stop();

    assertThat(d.stop()).isEmpty();
  }

  @Test
  void graceExpiredKillsTheWorkersStillRunning() {
    d.booted();
    d.stop();
    d.exit(1, 1, 0);
    d.advance(Duration.ofSeconds(30));

    assertThat(d.on(new Event.GraceExpired())).containsExactly(
        new Action.Note(0, 1, pid(0, 1), "grace period of 30 s is over: killing it"),
        new Action.Signal(0, 1, pid(0, 1), Sig.KILL));
    assertThat(only(d.exit(0, 1, 137), Action.Halt.class)).extracting(Action.Halt::exitCode)
        .containsExactly(ExitCodes.OK);
  }

  @Test
  void slotInBackoffIsNotRespawnedAfterStop() {
    d.booted();
    d.exit(0, 1, 1);
    d.stop();

    assertThat(d.on(new Event.RespawnDue(0, 2))).isEmpty();
    assertThat(only(d.exit(1, 1, 0), Action.Halt.class)).extracting(Action.Halt::exitCode)
        .containsExactly(ExitCodes.OK);
  }

  @Test
  void stopWithNothingRunningHaltsOkAtOnce() {
    assertThat(d.stop()).containsExactly(
        new Action.Halt(ExitCodes.OK, "stopped: no worker was running"));
  }

  @Test
  void haltIsEmittedOnceAndLaterEventsAreIgnored() {
    d.booted();
    d.stop();
    d.exit(0, 1, 0);
    d.exit(1, 1, 0);

    assertThat(d.stop()).isEmpty();
    assertThat(d.on(new Event.GraceExpired())).isEmpty();
    assertThat(d.start()).isEmpty();
  }
}

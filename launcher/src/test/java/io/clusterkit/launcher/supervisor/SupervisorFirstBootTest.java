package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.millis;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster's first boot: ClusterReady once, and a boot failure halts at once, not in a loop. */
class SupervisorFirstBootTest {

  private final SupervisorDriver d = SupervisorDriver.workers(3);

  @Test
  void clusterReadyComesWhenTheLastSlotIsReady() {
    d.started();

    assertThat(only(d.ready(0, 1), Action.ClusterReady.class)).isEmpty();
    assertThat(only(d.ready(2, 1), Action.ClusterReady.class)).isEmpty();
    assertThat(d.supervisor.firstBootDone()).isFalse();
    assertThat(only(d.ready(1, 1), Action.ClusterReady.class)).hasSize(1);
    assertThat(d.supervisor.firstBootDone()).isTrue();
  }

  @Test
  void clusterReadyIsNotRepeatedWhenAReplacementBecomesReady() {
    d.booted();
    d.respawnAfter(d.exit(1, 1, 1));

    assertThat(only(d.ready(1, 2), Action.ClusterReady.class)).isEmpty();
  }

  @Test
  void replacementThatBecomesReadyCompletesTheFirstBoot() {
    d.started();
    d.ready(0, 1);
    d.ready(1, 1);
    d.respawnAfter(d.exit(2, 1, 1));

    assertThat(only(d.ready(2, 2), Action.ClusterReady.class)).hasSize(1);
  }

  @Test
  void bootFailureDuringFirstBootDrainsTheOthersAndHaltsAtOnce() {
    d.started();
    d.ready(1, 1);

    List<Action> actions = d.exit(0, 1, ExitCodes.BOOT_FAILED);

    assertThat(actions).containsExactlyElementsOf(firstBootFailed(List.of(
        new Action.Transition(0, 1, pid(0, 1), WorkerState.STARTING, WorkerState.EXITED, 0,
            "exit code 4 (BOOT_FAILED), unexpected", false),
        new Action.Exit(0, 1, pid(0, 1), ExitStatus.fromExitValue(ExitCodes.BOOT_FAILED), false)),
        "slot 0 gen 1 failed to boot: exit code 4 (BOOT_FAILED)"));
    assertThat(d.supervisor.stopping()).isTrue();
  }

  /**
   * The actions of a failed first boot of slot 0, with slot 1 READY and slot 2 starting.
   *
   * @param first what is done to slot 0's worker
   * @param reason the halt's reason
   * @return first, then slot 1 unrouted, DRAINING and TERMed, slot 2 TERMed, and the halt
   */
  private List<Action> firstBootFailed(List<Action> first, String reason) {
    List<Action> all = new ArrayList<>(first);
    all.addAll(List.of(new Action.SetRoutable(1, 1, false),
        new Action.Transition(1, 1, pid(1, 1), WorkerState.READY, WorkerState.DRAINING, 0,
            "another worker failed to boot", true),
        new Action.Signal(1, 1, pid(1, 1), Sig.TERM),
        new Action.Signal(2, 1, pid(2, 1), Sig.TERM),
        new Action.Halt(ExitCodes.BOOT_FAILED, reason)));
    return all;
  }

  @Test
  void bootRejectedDuringFirstBootStopsEveryWorkerAndHaltsAtOnce() {
    d.started();
    d.ready(1, 1);

    List<Action> actions = d.on(new Event.BootRejected(0, 1, "health check GET /x answered 404"));

    assertThat(actions).containsExactlyElementsOf(firstBootFailed(
        List.of(new Action.Signal(0, 1, pid(0, 1), Sig.TERM)),
        "slot 0 gen 1 failed to boot: health check GET /x answered 404"));
    assertThat(d.supervisor.stopping()).isTrue();
  }

  @Test
  void bootRejectedAfterTheFirstBootLeavesTheWorkerToItsBootTimeout() {
    d.booted();
    d.respawnAfter(d.exit(1, 1, 1));

    List<Action> actions = d.on(new Event.BootRejected(1, 2, "health check GET /x answered 404"));

    assertThat(actions).hasSize(1).first().isInstanceOf(Action.Note.class);
    assertThat(d.supervisor.stopping()).isFalse();
  }

  @Test
  void eventsAfterTheBootFailureHaltAreIgnored() {
    d.started();
    d.exit(0, 1, ExitCodes.BOOT_FAILED);

    assertThat(d.exit(1, 1, 0)).isEmpty();
    assertThat(d.ready(2, 1)).isEmpty();
    assertThat(d.stop()).isEmpty();
  }

  @Test
  void workerWithoutPidAtBootFailureIsTermedWhenItsPidArrives() {
    d.start();
    d.spawned(0, 1);
    d.spawned(1, 1);
    d.exit(0, 1, ExitCodes.BOOT_FAILED);

    assertThat(d.spawned(2, 1)).containsExactly(new Action.Signal(2, 1, pid(2, 1), Sig.TERM));
  }

  @Test
  void otherEarlyExitDuringFirstBootIsRetried() {
    d.started();

    List<Action> actions = d.exit(0, 1, ExitCodes.INTERNAL);

    assertThat(only(actions, Action.Halt.class)).isEmpty();
    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(millis(100), new Event.RespawnDue(0, 2)));
  }

  @Test
  void bootFailureAfterTheFirstBootIsAnEarlyCrash() {
    d.booted();
    d.respawnAfter(d.exit(0, 1, 1));

    List<Action> actions = d.exit(0, 2, ExitCodes.BOOT_FAILED);

    assertThat(only(actions, Action.Halt.class)).isEmpty();
    assertThat(only(actions, Action.Signal.class)).isEmpty();
    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(millis(200), new Event.RespawnDue(0, 3)));
  }
}

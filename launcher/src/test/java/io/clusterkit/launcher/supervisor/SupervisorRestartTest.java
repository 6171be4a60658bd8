package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.BOOT_TIMEOUT;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.millis;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.RestartPolicyOptions;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crash handling: exponential backoff, reset after a stable run, FAILED slots, boot timeouts. */
class SupervisorRestartTest {

  private static final int CRASH = 1;

  /** Crashes the current worker of slot 0 right after it spawned, count times. */
  private static List<Long> crashLoop(SupervisorDriver d, int count) {
    List<Long> delays = new ArrayList<>();
    int gen = 1;
    for (int i = 0; i < count; i++) {
      delays.add(d.respawnAfter(d.exit(0, gen++, CRASH)));
    }
    return delays;
  }

  @Test
  void earlyExitsBackOffDoublingFrom100Ms() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();

    assertThat(crashLoop(d, 4)).containsExactly(millis(100), millis(200), millis(400),
        millis(800));
  }

  @Test
  void backoffIsCappedAtBackoffMax() {
    SupervisorDriver d = new SupervisorDriver(new SupervisorOptions().setRestartPolicy(
        new RestartPolicyOptions().setMaxRestarts(19)));
    d.started();

    assertThat(crashLoop(d, 10)).containsExactly(millis(100), millis(200), millis(400),
        millis(800), millis(1600), millis(3200), millis(6400), millis(10_000), millis(10_000),
        millis(10_000));
  }

  @Test
  void earlyExitSchedulesRespawnOfTheNextGenWithoutRespawningYet() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();

    List<Action> actions = d.exit(0, 1, CRASH);

    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(millis(100), new Event.RespawnDue(0, 2)));
    assertThat(only(actions, Action.Spawn.class)).isEmpty();
    assertThat(only(actions, Action.Note.class)).extracting(Action.Note::message)
        .containsExactly("respawning as gen 2 in 100 ms (restart 1 of -max-restarts 4, in a row)");
    assertThat(d.view(0)).isEqualTo(new SlotView(0, 1, -1, WorkerState.EXITED, 0, d.now, -1));
  }

  @Test
  void respawnDueSpawnsTheNextGenAndCountsARestart() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();
    d.exit(0, 1, CRASH);
    d.advance(Duration.ofMillis(100));

    assertThat(d.on(new Event.RespawnDue(0, 2))).containsExactly(
        new Action.Spawn(0, 2),
        new Action.Schedule(BOOT_TIMEOUT, new Event.BootTimeout(0, 2)));
    assertThat(d.view(0)).isEqualTo(new SlotView(0, 2, -1, WorkerState.STARTING, 1, d.now, -1));
  }

  @Test
  void exitAfterAStableMinuteResetsTheBackoff() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();
    crashLoop(d, 3); // gen 4 is STARTING after three early exits in a row
    d.ready(0, 4);
    d.advance(Duration.ofSeconds(60));

    long afterStableRun = d.respawnAfter(d.exit(0, 4, CRASH));
    long nextEarly = d.respawnAfter(d.exit(0, 5, CRASH));

    assertThat(afterStableRun).isEqualTo(millis(100));
    assertThat(nextEarly).isEqualTo(millis(100));
  }

  @Test
  void exitJustBeforeTheStableMinuteIsStillEarly() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();
    crashLoop(d, 1);
    d.ready(0, 2);
    d.advance(Duration.ofSeconds(60).minusNanos(1));

    assertThat(d.respawnAfter(d.exit(0, 2, CRASH))).isEqualTo(millis(200));
  }

  @Test
  void fifthEarlyExitInARowFailsTheSlotWithoutRetry() {
    SupervisorDriver d = SupervisorDriver.workers(2);
    d.booted();
    crashLoop(d, 4);

    List<Action> actions = d.exit(0, 5, CRASH);

    assertThat(only(actions, Action.Transition.class)).containsExactly(
        new Action.Transition(0, 5, pid(0, 5), WorkerState.STARTING, WorkerState.EXITED, 0,
            "exit code 1 (INTERNAL), unexpected", false),
        new Action.Transition(0, 5, pid(0, 5), WorkerState.EXITED, WorkerState.FAILED, 0,
            "5 early exits in a row, -max-restarts 4 exceeded, the last: exit code 1 (INTERNAL)",
            false));
    assertThat(only(actions, Action.Schedule.class)).isEmpty();
    assertThat(only(actions, Action.Halt.class)).isEmpty();
    assertThat(d.view(0)).isEqualTo(new SlotView(0, 5, -1, WorkerState.FAILED, 4, d.now, -1));
    assertThat(d.on(new Event.RespawnDue(0, 6))).isEmpty();
  }

  @Test
  void slotFailedDuringTheFirstBootHaltsTheClusterWithBootFailed() {
    SupervisorDriver d = SupervisorDriver.workers(2).started();
    d.ready(1, 1);
    crashLoop(d, 4);

    List<Action> actions = d.exit(0, 5, CRASH);

    assertThat(only(actions, Action.Signal.class)).containsExactly(
        new Action.Signal(1, 1, pid(1, 1), Sig.TERM));
    assertThat(only(actions, Action.Halt.class)).containsExactly(new Action.Halt(
        ExitCodes.BOOT_FAILED, "slot 0 FAILED before the cluster's first boot completed, after 5"
        + " early exits in a row (exit code 1 (INTERNAL))"));
  }

  @Test
  void everySlotFailedHaltsWithAllSlotsFailed() {
    SupervisorDriver d = new SupervisorDriver(new SupervisorOptions().setWorkers(2)
        .setRestartPolicy(new RestartPolicyOptions().setMaxRestarts(0)));
    d.booted();
    d.exit(0, 1, CRASH);

    List<Action> actions = d.exit(1, 1, 139);

    assertThat(only(actions, Action.Halt.class)).containsExactly(new Action.Halt(
        ExitCodes.ALL_SLOTS_FAILED, "every slot is FAILED, the last was slot 1 gen 1 after 1"
        + " early exits in a row (signal 11 (SEGV))"));
    assertThat(d.on(new Event.StopRequested())).as("events after the Halt").isEmpty();
  }

  @Test
  void spawnFailureCountsAsAnEarlyExit() {
    SupervisorDriver d = SupervisorDriver.workers(1);
    d.start();

    List<Action> actions = d.on(new Event.SpawnFailed(0, 1, "java: not found"));

    assertThat(actions).containsExactly(
        new Action.Transition(0, 1, -1, WorkerState.STARTING, WorkerState.EXITED, 0,
            "spawn failed: java: not found, unexpected", false),
        new Action.Exit(0, 1, -1, null, false),
        new Action.Note(0, 1, -1, "respawning as gen 2 in 100 ms (restart 1 of -max-restarts 4, in a row)"),
        new Action.Schedule(millis(100), new Event.RespawnDue(0, 2)));
  }

  @Test
  void bootTimeoutKillsAStartingWorker() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();
    d.advance(Duration.ofSeconds(60));

    assertThat(d.on(new Event.BootTimeout(0, 1))).containsExactly(
        new Action.Note(0, 1, pid(0, 1), "no READY within 60 s: killing it"),
        new Action.Signal(0, 1, pid(0, 1), Sig.KILL));
  }

  @Test
  void exitAfterBootTimeoutIsAnUnexpectedEarlyExit() {
    SupervisorDriver d = SupervisorDriver.workers(1).started();
    d.advance(Duration.ofSeconds(60));
    d.on(new Event.BootTimeout(0, 1));

    List<Action> actions = d.exit(0, 1, 137);

    assertThat(only(actions, Action.Transition.class)).extracting(Action.Transition::detail)
        .containsExactly("signal 9 (KILL), unexpected, no READY within 60 s");
    assertThat(only(actions, Action.Schedule.class))
        .containsExactly(new Action.Schedule(millis(100), new Event.RespawnDue(0, 2)));
  }

  @Test
  void bootTimeoutBeforeThePidIsKnownKillsOnSpawned() {
    SupervisorDriver d = SupervisorDriver.workers(1);
    d.start();

    assertThat(only(d.on(new Event.BootTimeout(0, 1)), Action.Signal.class)).isEmpty();
    assertThat(d.spawned(0, 1)).containsExactly(new Action.Signal(0, 1, pid(0, 1), Sig.KILL));
  }
}

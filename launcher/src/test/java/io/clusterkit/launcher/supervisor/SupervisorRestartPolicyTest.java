package io.clusterkit.launcher.supervisor;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each knob of the restart policy (-max-restarts, -restart-window, -restart-backoff,
 * -min-uptime, -boot-timeout) moves the supervisor's decisions as documented. Slot 1 keeps
 * serving throughout, so that a FAILED slot 0 leaves the cluster running.
 */
class SupervisorRestartPolicyTest {

  private static final int CRASH = 1;

  private static SupervisorDriver booted(RestartPolicyOptions policy) {
    SupervisorDriver d = new SupervisorDriver(new SupervisorOptions().setWorkers(2)
        .setRestartPolicy(policy));
    return d.booted();
  }

  /** Crashes slot 0's gen at once: the exit's actions. */
  private static List<Action> crash(SupervisorDriver d, int gen) {
    return d.exit(0, gen, CRASH);
  }

  /** Crashes slot 0 count times in a row from gen, respawning each: the delays waited. */
  private static List<Long> crashLoop(SupervisorDriver d, int fromGen, int count) {
    List<Long> delays = new ArrayList<>();
    for (int gen = fromGen; gen < fromGen + count; gen++) {
      delays.add(d.respawnAfter(crash(d, gen)));
    }
    return delays;
  }

  private static boolean failed(List<Action> actions) {
    return only(actions, Action.Transition.class).stream()
        .anyMatch(t -> t.to() == WorkerState.FAILED);
  }

  @ParameterizedTest(name = "-max-restarts {0}")
  @ValueSource(ints = {0, 1, 3})
  void maxRestartsIsTheNumberOfRestartsAfterEarlyExitsBeforeTheSlotIsFailed(int max) {
    SupervisorDriver d = booted(new RestartPolicyOptions().setMaxRestarts(max));

    List<Long> restarts = crashLoop(d, 1, max);
    List<Action> last = crash(d, max + 1);

    assertThat(restarts).hasSize(max);
    assertThat(failed(last)).as("early exit %d fails the slot", max + 1).isTrue();
    assertThat(only(last, Action.Transition.class)).extracting(Action.Transition::detail)
        .contains((max + 1) + " early exits in a row, -max-restarts " + max
            + " exceeded, the last: exit code 1 (INTERNAL)");
    assertThat(only(last, Action.Schedule.class)).as("no restart").isEmpty();
    assertThat(only(last, Action.Halt.class)).as("slot 1 still serves").isEmpty();
    assertThat(d.view(0).state()).isEqualTo(WorkerState.FAILED);
    assertThat(d.view(1).state()).isEqualTo(WorkerState.READY);
  }

  @Test
  void everySlotOverMaxRestartsHaltsTheLauncherWithAllSlotsFailed() {
    SupervisorDriver d = booted(new RestartPolicyOptions().setMaxRestarts(1));
    crashLoop(d, 1, 1);
    crash(d, 2);
    d.respawnAfter(d.exit(1, 1, CRASH));

    List<Action> actions = d.exit(1, 2, CRASH);

    assertThat(only(actions, Action.Halt.class)).containsExactly(new Action.Halt(
        ExitCodes.ALL_SLOTS_FAILED, "every slot is FAILED, the last was slot 1 gen 2 after 2"
        + " early exits in a row (exit code 1 (INTERNAL))"));
  }

  @Test
  void earlyExitsOlderThanTheRestartWindowNoLongerCount() {
    SupervisorDriver d = booted(new RestartPolicyOptions().setMaxRestarts(2)
        .setRestartWindow(Duration.ofSeconds(10)));

    for (int gen = 1; gen <= 6; gen++) {
      List<Action> actions = crash(d, gen);
      assertThat(failed(actions)).as("early exit %d, 6 s after the one before", gen).isFalse();
      d.respawnAfter(actions);
      d.advance(Duration.ofSeconds(6));
    }
    assertThat(d.view(0).state()).isEqualTo(WorkerState.STARTING);
  }

  @Test
  void earlyExitsWithinTheRestartWindowFailTheSlotAndSayWithinWhat() {
    SupervisorDriver d = booted(new RestartPolicyOptions().setMaxRestarts(2)
        .setRestartWindow(Duration.ofSeconds(10)));
    crashLoop(d, 1, 2);
    d.advance(Duration.ofSeconds(9));

    List<Action> third = crash(d, 3);

    assertThat(failed(third)).isTrue();
    assertThat(only(third, Action.Transition.class)).extracting(Action.Transition::detail)
        .contains("3 early exits within 10 s, -max-restarts 2 exceeded, the last: exit code 1 "
            + "(INTERNAL)");
  }

  @Test
  void restartBackoffDoublesFromItsMinimumUpToItsMaximum() {
    SupervisorDriver d = booted(new RestartPolicyOptions().setMaxRestarts(10)
        .setRestartBackoff(Duration.ofMillis(250), Duration.ofSeconds(1)));

    assertThat(crashLoop(d, 1, 5)).containsExactly(millis(250), millis(500), millis(1000),
        millis(1000), millis(1000));
  }

  @Test
  void exitSoonerThanMinUptimeAfterReadyIsEarlyAndLaterIsStable() {
    SupervisorDriver d = booted(new RestartPolicyOptions()
        .setMinUptime(Duration.ofSeconds(5)));
    d.advance(Duration.ofSeconds(4));
    List<Action> early = crash(d, 1);
    d.respawnAfter(early);
    d.ready(0, 2);
    d.advance(Duration.ofSeconds(5));

    List<Action> stable = crash(d, 2);

    assertThat(only(early, Action.Note.class)).extracting(Action.Note::message)
        .containsExactly("respawning as gen 2 in 100 ms (restart 1 of -max-restarts 4, in a row)");
    assertThat(only(stable, Action.Note.class)).extracting(Action.Note::message)
        .containsExactly("respawning as gen 3 in 100 ms (after a stable run)");
  }

  @Test
  void minUptimeZeroCountsOnlyExitsBeforeReady() {
    SupervisorDriver d = booted(new RestartPolicyOptions().setMaxRestarts(0)
        .setMinUptime(Duration.ZERO));

    List<Action> afterReady = crash(d, 1);
    d.respawnAfter(afterReady);
    List<Action> beforeReady = crash(d, 2);

    assertThat(failed(afterReady)).as("an exit after READY is never early").isFalse();
    assertThat(failed(beforeReady)).as("one before READY is").isTrue();
  }

  @Test
  void bootTimeoutIsScheduledWithTheConfiguredDelayAndKillsAWorkerNotReadyBy() {
    SupervisorDriver d = new SupervisorDriver(new SupervisorOptions().setRestartPolicy(
        new RestartPolicyOptions().setBootTimeout(Duration.ofMillis(2500))));

    List<Action> start = d.start();
    d.spawned(0, 1);
    d.advance(Duration.ofMillis(2500));

    assertThat(only(start, Action.Schedule.class)).containsExactly(
        new Action.Schedule(millis(2500), new Event.BootTimeout(0, 1)));
    assertThat(d.on(new Event.BootTimeout(0, 1))).containsExactly(
        new Action.Note(0, 1, pid(0, 1), "no READY within 2500 ms: killing it"),
        new Action.Signal(0, 1, pid(0, 1), Sig.KILL));
  }

  @Test
  void bootTimeoutWithNoRestartLeftFailsTheOnlySlotAndHaltsNamingTheTimeout() {
    SupervisorDriver d = new SupervisorDriver(new SupervisorOptions().setRestartPolicy(
        new RestartPolicyOptions().setMaxRestarts(0).setBootTimeout(Duration.ofSeconds(3))));
    d.started();
    d.on(new Event.BootTimeout(0, 1));

    List<Action> actions = d.exit(0, 1, 137);

    assertThat(only(actions, Action.Halt.class)).containsExactly(new Action.Halt(
        ExitCodes.ALL_SLOTS_FAILED, "every slot is FAILED, the last was slot 0 gen 1 after 1"
        + " early exits in a row (signal 9 (KILL), no READY within 3 s)"));
  }
}

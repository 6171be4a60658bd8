package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.BOOT_TIMEOUT;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.WorkerState;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Start, and every worker transition the supervisor makes or refuses, driven by events. */
class SupervisorTransitionsTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  @Test
  void startSpawnsGenerationOneInEverySlotWithABootTimeout() {
    assertThat(d.start()).containsExactly(
        new Action.Spawn(0, 1),
        new Action.Schedule(BOOT_TIMEOUT, new Event.BootTimeout(0, 1)),
        new Action.Spawn(1, 1),
        new Action.Schedule(BOOT_TIMEOUT, new Event.BootTimeout(1, 1)));
    assertThat(d.view(0)).isEqualTo(new SlotView(0, 1, -1, WorkerState.STARTING, 0, d.now, -1));
  }

  @Test
  void secondStartIsRejected() {
    d.start();

    assertThatThrownBy(d::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the supervisor was already started");
  }

  @Test
  void noSlotIsShownBeforeStart() {
    assertThat(d.supervisor.slots()).isEmpty();
  }

  @Test
  void spawnedRecordsThePid() {
    d.start();

    assertThat(d.spawned(1, 1)).isEmpty();
    assertThat(d.view(1).pid()).isEqualTo(pid(1, 1));
  }

  @Test
  void secondSpawnedForTheSameWorkerIsRejected() {
    d.started();

    assertThatThrownBy(() -> d.on(new Event.Spawned(0, 1, 99)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slot 0 gen 1: pid already known (4711), reported again as 99");
  }

  /** The five legal moves, each made by the event that makes it in a running cluster. */
  static Stream<Arguments> legalTransitions() {
    Function<SupervisorDriver, List<Action>> ready = x -> x.ready(0, 1);
    Function<SupervisorDriver, List<Action>> exitWhileStarting = x -> x.exit(0, 1, 1);
    Function<SupervisorDriver, List<Action>> stop = x -> {
      x.ready(0, 1);
      x.advance(Duration.ofSeconds(2));
      return x.stop();
    };
    Function<SupervisorDriver, List<Action>> exitWhileReady = x -> {
      x.ready(0, 1);
      x.advance(Duration.ofSeconds(2));
      return x.exit(0, 1, 1);
    };
    Function<SupervisorDriver, List<Action>> exitWhileDraining = x -> {
      x.ready(0, 1);
      x.stop();
      x.advance(Duration.ofSeconds(2));
      return x.exit(0, 1, 0);
    };
    return Stream.of(
        Arguments.of(WorkerState.STARTING, WorkerState.READY, ready, ""),
        Arguments.of(WorkerState.STARTING, WorkerState.EXITED, exitWhileStarting, "exit code 1 (INTERNAL), unexpected"),
        Arguments.of(WorkerState.READY, WorkerState.DRAINING, stop, "stop requested"),
        Arguments.of(WorkerState.READY, WorkerState.EXITED, exitWhileReady, "exit code 1 (INTERNAL), unexpected"),
        Arguments.of(WorkerState.DRAINING, WorkerState.EXITED, exitWhileDraining, "exit code 0 (OK), planned"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("legalTransitions")
  void legalTransitionIsReportedWithPidTimeInPreviousStateAndDetail(WorkerState from,
      WorkerState to,
      Function<SupervisorDriver, List<Action>> scenario, String detail) {
    d.started();
    d.advance(Duration.ofSeconds(1));

    List<Action> actions = scenario.apply(d);

    Action.Transition transition = only(actions, Action.Transition.class).get(0);
    assertThat(transition.slot()).isZero();
    assertThat(transition.gen()).isEqualTo(1);
    assertThat(transition.pid()).isEqualTo(pid(0, 1));
    assertThat(transition.from()).isEqualTo(from);
    assertThat(transition.to()).isEqualTo(to);
    assertThat(transition.nanosInPrevious()).isPositive();
    assertThat(transition.detail()).isEqualTo(detail);
  }

  @Test
  void readyMakesTheWorkerRoutableAndStampsReadySince() {
    d.started();
    d.advance(Duration.ofMillis(812));

    assertThat(d.ready(1, 1)).containsExactly(
        new Action.SetRoutable(1, 1, true),
        new Action.Transition(1, 1, pid(1, 1), WorkerState.STARTING, WorkerState.READY, 812_000_000L, "", true));
    assertThat(d.view(1)).isEqualTo(new SlotView(1, 1, pid(1, 1), WorkerState.READY, 0, d.now, d.now));
  }

  @Test
  void exitOfAReadyWorkerStopsRoutingBeforeTheTransition() {
    d.booted();

    List<Action> actions = d.exit(1, 1, 137);

    assertThat(actions.get(0)).isEqualTo(new Action.SetRoutable(1, 1, false));
    assertThat(actions.get(1)).isEqualTo(new Action.Transition(1, 1, pid(1, 1), WorkerState.READY,
        WorkerState.EXITED, 0, "signal 9 (KILL), unexpected", false));
  }

  @Test
  void repeatedReadyReportIsIgnored() {
    d.booted();
    List<SlotView> before = d.supervisor.slots();

    assertThat(d.ready(1, 1)).as("a READY report repeated by the worker's retry").isEmpty();

    assertThat(d.supervisor.slots()).isEqualTo(before);
  }

  @Test
  void readyOvertakenByAStopIsIgnored() {
    d.booted();
    d.stop();
    List<SlotView> before = d.supervisor.slots();

    assertThat(d.ready(1, 1)).isEmpty();

    assertThat(d.supervisor.slots()).isEqualTo(before);
    assertThat(d.view(1).state()).isEqualTo(WorkerState.DRAINING);
  }
}

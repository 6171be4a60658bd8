package io.clusterkit.launcher.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.WorkerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transition table of a worker, pair by pair: five legal moves, every other one rejected;
 * FAILED, a slot's state, is never entered or left by a worker.
 */
class WorkerStateTest {

  private static final Set<String> LEGAL = Set.of(
      "STARTING->READY", "STARTING->EXITED", "READY->DRAINING", "READY->EXITED",
      "DRAINING->EXITED");

  static Stream<Arguments> legalPairs() {
    return pairs(true);
  }

  static Stream<Arguments> illegalPairs() {
    return pairs(false);
  }

  private static Stream<Arguments> pairs(boolean legal) {
    List<Arguments> pairs = new ArrayList<>();
    for (WorkerState from : WorkerState.values()) {
      if (from == WorkerState.FAILED) {
        continue; // no worker is ever in it: see failedIsNeitherEnteredNorLeft
      }
      for (WorkerState to : WorkerState.values()) {
        if (LEGAL.contains(from + "->" + to) == legal) {
          pairs.add(Arguments.of(from, to));
        }
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("legalPairs")
  void legalTransitionIsAllowed(WorkerState from, WorkerState to) {
    assertThat(from.canMoveTo(to)).isTrue();
    Worker worker = workerIn(from);

    long spent = worker.moveTo(to, 7_000);

    assertThat(worker.state()).isEqualTo(to);
    assertThat(worker.stateSinceNanos()).isEqualTo(7_000);
    assertThat(spent).isEqualTo(7_000 - stateSince(from));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("illegalPairs")
  void illegalTransitionIsRejectedNamingSlotGenAndStates(WorkerState from, WorkerState to) {
    assertThat(from.canMoveTo(to)).isFalse();
    Worker worker = workerIn(from);

    assertThatThrownBy(() -> worker.moveTo(to, 7_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slot 2 gen 3: " + from + " -> " + to + " is not allowed");
    assertThat(worker.state()).isEqualTo(from);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allStates")
  void onlyExitedAndFailedAreNotLive(WorkerState state) {
    assertThat(state.live())
        .isEqualTo(state != WorkerState.EXITED && state != WorkerState.FAILED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allStates")
  void failedIsNeitherEnteredNorLeft(WorkerState state) {
    assertThat(state.canMoveTo(WorkerState.FAILED)).isFalse();
    assertThat(WorkerState.FAILED.canMoveTo(state)).isFalse();
  }

  static Stream<WorkerState> allStates() {
    return Stream.of(WorkerState.values());
  }

  /** A slot 2 gen 3 worker walked to the state along legal moves, one microsecond per step. */
  private static Worker workerIn(WorkerState state) {
    Worker worker = new Worker(2, 3, 0);
    switch (state) {
      case READY:
        worker.moveTo(WorkerState.READY, 1_000);
        break;
      case DRAINING:
        worker.moveTo(WorkerState.READY, 1_000);
        worker.moveTo(WorkerState.DRAINING, 2_000);
        break;
      case EXITED:
        worker.moveTo(WorkerState.EXITED, 1_000);
        break;
      default:
        break;
    }
    return worker;
  }

  private static long stateSince(WorkerState state) {
    return workerIn(state).stateSinceNanos();
  }
}

package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.GRACE;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One worker replaced at run time: drain-first when it is past its memory ceiling (no request
 * fails), unroute-first when it is not healthy (it may not answer at all).
 */
class SupervisorRecycleTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  @Test
  void recycleStartsAReplacementAndDrainsTheWorkerOnlyOnceTheReplacementIsReady() {
    d.booted();

    List<Action> recycle = d.on(new Event.Recycle(1, 1, "heap 300 MB over -max-memory 256 MB"));

    assertThat(only(recycle, Action.Spawn.class)).containsExactly(new Action.Spawn(1, 2));
    assertThat(only(recycle, Action.SetRoutable.class)).isEmpty();
    d.spawned(1, 2);
    List<Action> ready = d.ready(1, 2);
    assertThat(only(ready, Action.SetRoutable.class)).containsExactly(
        new Action.SetRoutable(1, 2, true), new Action.SetRoutable(1, 1, false));
    assertThat(only(ready, Action.Signal.class))
        .containsExactly(new Action.Signal(1, 1, pid(1, 1), Sig.TERM));
    assertThat(only(d.exit(1, 1, 0), Action.Transition.class))
        .extracting(Action.Transition::detail).containsExactly("exit code 0 (OK), planned");
  }

  @Test
  void repeatedRecycleOfASlotBeingReplacedChangesNothing() {
    d.booted();
    d.on(new Event.Recycle(1, 1, "over the ceiling"));

    assertThat(d.on(new Event.Recycle(1, 1, "over the ceiling"))).isEmpty();
  }

  @Test
  void recyclesOfSeveralSlotsRunOneAtATimeSoNeverTwoDrain() {
    d.booted();
    d.on(new Event.Recycle(0, 1, "served 100 requests (-max-requests 100)"));

    List<Action> second = d.on(new Event.Recycle(1, 1, "served 104 requests (-max-requests 100)"));
    assertThat(only(second, Action.Spawn.class)).as("slot 1 waits").isEmpty();
    d.spawned(0, 2);
    List<Action> ready = d.ready(0, 2);
    assertThat(only(ready, Action.Spawn.class)).as("slot 0's old worker still drains").isEmpty();
    assertThat(only(ready, Action.Transition.class)).extracting(Action.Transition::detail)
        .contains("served 100 requests (-max-requests 100): replaced by gen 2");

    assertThat(only(d.exit(0, 1, 0), Action.Spawn.class))
        .containsExactly(new Action.Spawn(1, 2));
  }

  @Test
  void unhealthyWorkerIsUnroutedAtOnceReplacedAndTermedThenKilledAfterTheGrace() {
    d.booted();

    List<Action> actions = d.on(new Event.Unhealthy(0, 1, "event loop blocked for 2 s"));

    assertThat(actions).containsSubsequence(
        new Action.SetRoutable(0, 1, false),
        new Action.Signal(0, 1, pid(0, 1), Sig.TERM),
        new Action.Schedule(GRACE, new Event.DrainTimeout(0, 1)),
        new Action.Spawn(0, 2));
    List<Action> killed = d.exit(0, 1, 137);
    assertThat(only(killed, Action.Transition.class)).extracting(Action.Transition::detail)
        .containsExactly("signal 9 (KILL), planned, event loop blocked for 2 s");
    assertThat(only(killed, Action.Spawn.class)).as("the replacement is already there")
        .isEmpty();
  }
}

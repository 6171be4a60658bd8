package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A port a worker's own server listens on that the launcher cannot open stops the cluster with
 * exit 6, as a bad {@code -port} does, during the first boot and after it.
 */
class SupervisorPortUnavailableTest {

  private final SupervisorDriver d = SupervisorDriver.workers(2);

  @Test
  void duringTheFirstBootEveryWorkerDrainsAndTheLauncherExitsUnavailable() {
    d.started();
    d.ready(1, 1);

    List<Action> actions = d.on(new Event.PortUnavailable(0, 1,
        "slot 0 gen 1 listens on 0.0.0.0:80, which the launcher cannot open: denied"));

    assertThat(actions).containsExactly(
        new Action.Signal(0, 1, pid(0, 1), Sig.TERM),
        new Action.SetRoutable(1, 1, false),
        new Action.Transition(1, 1, pid(1, 1), WorkerState.READY, WorkerState.DRAINING, 0,
            "another worker's port cannot be opened", true),
        new Action.Signal(1, 1, pid(1, 1), Sig.TERM),
        new Action.Halt(ExitCodes.UNAVAILABLE,
            "slot 0 gen 1 listens on 0.0.0.0:80, which the launcher cannot open: denied"));
    assertThat(d.supervisor.stopping()).isTrue();
  }

  @Test
  void afterTheFirstBootALateListenOnABadPortStopsTheClusterToo() {
    d.booted();

    List<Action> actions = d.on(new Event.PortUnavailable(1, 1, "port 80 denied"));

    assertThat(actions).last().isEqualTo(new Action.Halt(ExitCodes.UNAVAILABLE, "port 80 denied"));
    assertThat(actions).filteredOn(Action.Signal.class::isInstance).hasSize(2);
  }
}

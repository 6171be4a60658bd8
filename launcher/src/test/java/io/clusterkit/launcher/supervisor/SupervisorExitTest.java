package io.clusterkit.launcher.supervisor;

import static io.clusterkit.launcher.supervisor.SupervisorDriver.only;
import static io.clusterkit.launcher.supervisor.SupervisorDriver.pid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each worker's end is reported once, as planned when the supervisor had asked for it. */
class SupervisorExitTest {

  private static List<Action.Exit> exits(List<Action> actions) {
    return only(actions, Action.Exit.class);
  }

  @Test
  void aCrashIsAnUnplannedExitWithItsSignal() {
    SupervisorDriver d = SupervisorDriver.workers(2).booted();

    assertThat(exits(d.exit(1, 1, 137))).containsExactly(
        new Action.Exit(1, 1, pid(1, 1), ExitStatus.fromExitValue(137), false));
  }

  @Test
  void exitsAfterAStopArePlannedWhetherDrainingOrStillStarting() {
    SupervisorDriver d = SupervisorDriver.workers(2).started();
    d.ready(0, 1);
    d.stop();

    assertThat(exits(d.exit(0, 1, 0))).containsExactly(
        new Action.Exit(0, 1, pid(0, 1), ExitStatus.fromExitValue(0), true));
    assertThat(exits(d.exit(1, 1, 143))).containsExactly(
        new Action.Exit(1, 1, pid(1, 1), ExitStatus.fromExitValue(143), true));
  }

  @Test
  void aStaleExitIsNotReportedTwice() {
    SupervisorDriver d = SupervisorDriver.workers(1).booted();
    d.exit(0, 1, 137);

    assertThat(exits(d.exit(0, 1, 137))).isEmpty();
  }
}

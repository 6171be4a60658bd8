package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.LauncherOptions;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** The control facade before its cluster is started: commands are refused, bad ones thrown. */
class ClusterControlTest {

  private final ClusterControl control = ClusterControl.create(
      new LauncherOptions().setWorkers(2).setVerticle("com.example.App"), new ClusterEvents());

  @Test
  void reloadAndScaleBeforeTheStartAreRefusedNamingWhy() {
    for (Future<?> command : new Future<?>[] {control.reload(null), control.scale(3),
        control.scaleBy(1)}) {
      assertThat(command.failed()).isTrue();
      assertThat(command.cause()).isInstanceOf(ControlException.class)
          .hasMessage("the cluster is not started");
      assertThat(((ControlException) command.cause()).kind())
          .isEqualTo(ControlException.Kind.REFUSED);
    }
  }

  @Test
  void scaleBelowOneThrowsAtOnce() {
    assertThatThrownBy(() -> control.scale(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be >= 1, was 0");
  }

  @Test
  void beforeTheStartThereIsNoPortAndNoWorker() {
    assertThat(control.port()).isZero();
    assertThat(control.workers()).isEmpty();
    assertThat(control.send(0, "hi").failed()).isTrue();
  }
}

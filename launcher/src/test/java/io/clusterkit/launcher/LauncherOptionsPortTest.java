package io.clusterkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** When the port of serve() opens: at boot once set, on the first serve() otherwise. */
class LauncherOptionsPortTest {

  @Test
  void portNeverSetIsTheDefaultOpenedOnDemand() {
    LauncherOptions options = new LauncherOptions();
    assertThat(options.getPort()).isEqualTo(LauncherOptions.DEFAULT_PORT);
    assertThat(options.isPortGiven()).isFalse();
  }

  @Test
  void portSetIsGivenEvenWhenItIsTheDefaultOrZero() {
    assertThat(new LauncherOptions().setPort(LauncherOptions.DEFAULT_PORT).isPortGiven()).isTrue();
    assertThat(new LauncherOptions().setPort(0).isPortGiven()).isTrue();
  }

  @Test
  void portOnDemandIsNotGivenAndSurvivesACopy() {
    LauncherOptions options = new LauncherOptions().setPort(9000).setPortOnDemand(9100);
    LauncherOptions copy = new LauncherOptions(options);
    assertThat(copy.getPort()).isEqualTo(9100);
    assertThat(copy.isPortGiven()).isFalse();
    assertThat(new LauncherOptions(new LauncherOptions().setPort(9000)).isPortGiven()).isTrue();
  }

  @Test
  void portOnDemandMustBeARealPort() {
    assertThatThrownBy(() -> new LauncherOptions().setPortOnDemand(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a port opened on demand must be 1..65535, was 0");
  }
}

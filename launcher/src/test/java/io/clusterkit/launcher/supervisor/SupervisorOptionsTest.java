package io.clusterkit.launcher.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.RestartPolicyOptions;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaults, validation messages naming argument and value, and the copy constructor. */
class SupervisorOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    SupervisorOptions options = new SupervisorOptions();

    assertThat(options.getWorkers()).isEqualTo(1);
    assertThat(options.getGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.getRestartPolicy()).usingRecursiveComparison()
        .isEqualTo(new RestartPolicyOptions());
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        invalid(o -> o.setWorkers(0), "workers must be >= 1, was 0"),
        invalid(o -> o.setWorkers(-3), "workers must be >= 1, was -3"),
        invalid(o -> o.setGrace(Duration.ofSeconds(-1)), "grace must be >= 0, was PT-1S"),
        invalid(o -> o.setGrace(Duration.ofDays(365L * 300)),
            "grace must fit in a long of nanoseconds, was PT2628000H"),
        invalid(o -> o.setSpareDelay(Duration.ofMillis(-1)),
            "spare-delay must be >= 0, was PT-0.001S"));
  }

  private static Arguments invalid(Consumer<SupervisorOptions> setter, String message) {
    return Arguments.of(setter, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidValues")
  void invalidValueIsRejectedNamingArgumentAndValue(Consumer<SupervisorOptions> setter,
      String message) {
    assertThatThrownBy(() -> setter.accept(new SupervisorOptions()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void nullArgumentsAreRejectedNamingTheArgument() {
    assertThatThrownBy(() -> new SupervisorOptions().setGrace(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("grace");
    assertThatThrownBy(() -> new SupervisorOptions().setRestartPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("restartPolicy");
  }

  @Test
  void zeroGraceIsAllowed() {
    assertThat(new SupervisorOptions().setGrace(Duration.ZERO).getGrace()).isZero();
  }

  @Test
  void copyHasEveryValueAndIsIndependent() {
    RestartPolicyOptions policy = new RestartPolicyOptions().setMaxRestarts(9)
        .setBootTimeout(Duration.ofSeconds(7));
    SupervisorOptions original = new SupervisorOptions()
        .setWorkers(4)
        .setRestartPolicy(policy)
        .setGrace(Duration.ofSeconds(3));
    policy.setMaxRestarts(1);

    SupervisorOptions copy = new SupervisorOptions(original);
    original.setWorkers(1).setGrace(Duration.ofSeconds(30));
    original.getRestartPolicy().setMaxRestarts(2); // a copy: changes nothing

    assertThat(copy.getWorkers()).isEqualTo(4);
    assertThat(copy.getRestartPolicy().getMaxRestarts()).isEqualTo(9);
    assertThat(copy.getRestartPolicy().getBootTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(copy.getGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(original.getRestartPolicy().getMaxRestarts()).isEqualTo(9);
  }

  @Test
  void supervisorCopiesItsOptions() {
    SupervisorOptions options = new SupervisorOptions().setWorkers(2);
    Supervisor supervisor = new Supervisor(options);
    options.setWorkers(5);

    supervisor.on(new Event.Start(), 0);

    assertThat(supervisor.slots()).hasSize(2);
  }

  @Test
  void fromLauncherOptionsTakesTheWorkersGraceAndRestartPolicy() {
    SupervisorOptions options = SupervisorOptions.from(new LauncherOptions().setWorkers(3)
        .setGrace(Duration.ofSeconds(4))
        .setRestartPolicy(new RestartPolicyOptions().setBootTimeout(Duration.ofSeconds(9))));

    assertThat(options.getWorkers()).isEqualTo(3);
    assertThat(options.getGrace()).isEqualTo(Duration.ofSeconds(4));
    assertThat(options.getRestartPolicy().getBootTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(SupervisorOptions.from(new LauncherOptions()).getRestartPolicy()
        .getBootTimeout()).isEqualTo(RestartPolicyOptions.DEFAULT_BOOT_TIMEOUT);
    assertThat(new SupervisorOptions().getGrace()).isEqualTo(LauncherOptions.DEFAULT_GRACE);
  }

  @Test
  void spareDelayIsZeroHereTenSecondsFromTheLauncherAndCopied() {
    assertThat(new SupervisorOptions().getSpareDelay()).isZero();
    assertThat(SupervisorOptions.from(new LauncherOptions()).getSpareDelay())
        .isEqualTo(LauncherOptions.DEFAULT_SPARE_DELAY).isEqualTo(Duration.ofSeconds(10));
    SupervisorOptions original = new SupervisorOptions().setSpareDelay(Duration.ofSeconds(3));
    SupervisorOptions copy = new SupervisorOptions(original);
    original.setSpareDelay(Duration.ZERO);
    assertThat(copy.getSpareDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(SupervisorOptions.from(new LauncherOptions().setSpareDelay(Duration.ZERO))
        .getSpareDelay()).isZero();
    assertThatThrownBy(() -> new LauncherOptions().setSpareDelay(Duration.ofMinutes(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("spare-delay must be between 0 and 3600 seconds, was 3660.0");
  }
}

package io.clusterkit.launcher.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.LauncherOptions;
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
    assertThat(options.getBackoffInitial()).isEqualTo(Duration.ofMillis(100));
    assertThat(options.getBackoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.getStableAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.getMaxEarlyExits()).isEqualTo(5);
    assertThat(options.getBootTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.getGrace()).isEqualTo(Duration.ofSeconds(30));
  }

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        invalid(o -> o.setWorkers(0), "workers must be >= 1, was 0"),
        invalid(o -> o.setWorkers(-3), "workers must be >= 1, was -3"),
        invalid(o -> o.setMaxEarlyExits(0), "maxEarlyExits must be >= 1, was 0"),
        invalid(o -> o.setBackoffInitial(Duration.ZERO), "backoffInitial must be > 0, was PT0S"),
        invalid(o -> o.setBackoffInitial(Duration.ofMillis(-1)),
            "backoffInitial must be > 0, was PT-0.001S"),
        invalid(o -> o.setBackoffMax(Duration.ZERO), "backoffMax must be > 0, was PT0S"),
        invalid(o -> o.setBootTimeout(Duration.ofSeconds(-1)),
            "bootTimeout must be > 0, was PT-1S"),
        invalid(o -> o.setStableAfter(Duration.ofSeconds(-1)),
            "stableAfter must be >= 0, was PT-1S"),
        invalid(o -> o.setGrace(Duration.ofSeconds(-1)), "grace must be >= 0, was PT-1S"),
        invalid(o -> o.setGrace(Duration.ofDays(365L * 300)),
            "grace must fit in a long of nanoseconds, was PT2628000H"));
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
  void nullDurationIsRejectedNamingTheArgument() {
    assertThatThrownBy(() -> new SupervisorOptions().setGrace(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("grace");
  }

  @Test
  void zeroGraceAndZeroStableAfterAreAllowed() {
    SupervisorOptions options = new SupervisorOptions()
        .setGrace(Duration.ZERO)
        .setStableAfter(Duration.ZERO);

    assertThat(options.getGrace()).isZero();
    assertThat(options.getStableAfter()).isZero();
  }

  @Test
  void copyHasEveryValueAndIsIndependent() {
    SupervisorOptions original = new SupervisorOptions()
        .setWorkers(4)
        .setBackoffInitial(Duration.ofMillis(50))
        .setBackoffMax(Duration.ofSeconds(2))
        .setStableAfter(Duration.ofSeconds(5))
        .setMaxEarlyExits(9)
        .setBootTimeout(Duration.ofSeconds(7))
        .setGrace(Duration.ofSeconds(3));

    SupervisorOptions copy = new SupervisorOptions(original);
    original.setWorkers(1).setGrace(Duration.ofSeconds(30));

    assertThat(copy.getWorkers()).isEqualTo(4);
    assertThat(copy.getBackoffInitial()).isEqualTo(Duration.ofMillis(50));
    assertThat(copy.getBackoffMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(copy.getStableAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(copy.getMaxEarlyExits()).isEqualTo(9);
    assertThat(copy.getBootTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(copy.getGrace()).isEqualTo(Duration.ofSeconds(3));
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
  void fromLauncherOptionsTakesTheWorkersAndGraceAndKeepsTheRestDefault() {
    SupervisorOptions options = SupervisorOptions.from(new LauncherOptions().setWorkers(3)
        .setGrace(Duration.ofSeconds(4)));

    assertThat(options.getWorkers()).isEqualTo(3);
    assertThat(options.getGrace()).isEqualTo(Duration.ofSeconds(4));
    assertThat(options.getBootTimeout()).isEqualTo(SupervisorOptions.DEFAULT_BOOT_TIMEOUT);
    assertThat(new SupervisorOptions().getGrace()).isEqualTo(LauncherOptions.DEFAULT_GRACE);
  }
}

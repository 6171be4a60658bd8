package io.clusterkit.launcher.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AwaitTest {

  @Test
  void returnsTheFirstValueTheConditionAccepts() {
    AtomicInteger calls = new AtomicInteger();
    int value = Await.until(Duration.ofSeconds(5), calls::incrementAndGet, n -> n >= 3,
        "three calls");
    assertThat(value).isEqualTo(3);
  }

  @Test
  void failsNamingWhatWasAwaitedAndTheLastValueSeen() {
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(200), () -> "STARTING",
        "READY"::equals, "slot 0 READY"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("slot 0 READY")
        .hasMessageContaining("last value seen: STARTING");
  }

  @Test
  void aProbeThatThrowsIsPolledAgainAndItsExceptionIsTheLastValue() {
    AtomicInteger calls = new AtomicInteger();
    String value = Await.until(Duration.ofSeconds(5), () -> {
      if (calls.incrementAndGet() < 3) {
        throw new IllegalStateException("not yet");
      }
      return "up";
    }, "up"::equals, "up");
    assertThat(value).isEqualTo("up");
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(200), () -> {
      throw new IllegalStateException("launcher not registered");
    }, x -> true, "a status"))
        .hasMessageContaining("last value seen: java.lang.IllegalStateException: launcher not "
            + "registered");
  }
}

package io.clusterkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PartitionSafety} on a plain Vert.x, where there is nothing to migrate. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PartitionSafetyTest {

  @Test
  void localStateIsAlwaysSafe(Vertx vertx, VertxTestContext tc) {
    PartitionSafety.awaitPartitionsSafe(vertx, Duration.ofMillis(1))
        .compose(v -> PartitionSafety.partitionsSafe(vertx))
        .onComplete(tc.succeeding(safe -> tc.verify(() -> {
          assertThat(safe).isTrue();
          tc.completeNow();
        })));
  }

  @Test
  void timeoutUnderAMillisecondIsRejected(Vertx vertx) {
    assertThatThrownBy(() -> PartitionSafety.awaitPartitionsSafe(vertx, Duration.ofNanos(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be >= 1 ms, was PT0.000000999S");
  }
}

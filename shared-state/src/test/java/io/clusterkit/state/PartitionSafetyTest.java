package io.clusterkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void aCheckThatNeverAnswersStillEndsTheWaitAtTheTimeout(Vertx vertx, VertxTestContext tc) {
    // Hazelcast's isClusterSafe waits on every member's answer for minutes: the wait's own bound
    // must hold while one check hangs
    long start = System.nanoTime();
    PartitionSafety.await(vertx, Duration.ofMillis(300), () -> Promise.<Boolean>promise().future(),
        () -> "a member that never answers", state -> { })
        .onComplete(tc.failing(e -> tc.verify(() -> {
          assertThat(e).isInstanceOf(TimeoutException.class)
              .hasMessage("partitions not safe after 300 ms (a member that never answers)");
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
          tc.completeNow();
        })));
  }

  @Test
  void whileItWaitsItSaysWhyEveryProgressInterval(Vertx vertx, VertxTestContext tc) {
    AtomicInteger checks = new AtomicInteger();
    List<String> said = new CopyOnWriteArrayList<>();
    long wait = PartitionSafety.PROGRESS_INTERVAL.toMillis() + 2_000;
    PartitionSafety.await(vertx, Duration.ofMillis(wait),
        () -> Future.succeededFuture(checks.incrementAndGet() < 0),
        () -> "2 members", said::add)
        .onComplete(tc.failing(e -> tc.verify(() -> {
          assertThat(said).hasSize(1);
          assertThat(said.get(0)).matches("partitions not safe after \\d+ ms \\(2 members\\)");
          assertThat(checks.get()).isGreaterThan(10);
          tc.completeNow();
        })));
  }

  @Test
  void aSafeAnswerEndsTheWaitAndAFailedCheckFailsIt(Vertx vertx, VertxTestContext tc) {
    AtomicInteger checks = new AtomicInteger();
    PartitionSafety.await(vertx, Duration.ofSeconds(10),
        () -> Future.succeededFuture(checks.incrementAndGet() == 3), () -> "", state -> { })
        .compose(v -> {
          assertThat(checks.get()).isEqualTo(3);
          return PartitionSafety.await(vertx, Duration.ofSeconds(10),
              () -> Future.failedFuture(new IllegalStateException("left the cluster")), () -> "",
              state -> { });
        })
        .onComplete(tc.failing(e -> tc.verify(() -> {
          assertThat(e).hasMessage("left the cluster");
          tc.completeNow();
        })));
  }
}

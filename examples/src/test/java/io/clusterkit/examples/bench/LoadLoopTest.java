package io.clusterkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class LoadLoopTest {

  private static void run(Vertx vertx, VertxTestContext test, IntFunction<Future<?>> op, int total,
      int inflight, long maxMillis, Consumer<JsonObject> check) {
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> LoadLoop.run(context, op, total, inflight, maxMillis)
        .onComplete(test.succeeding(figures -> test.verify(() -> {
          check.accept(figures);
          test.completeNow();
        }))));
  }

  @Test
  void keepsAtMostInflightOutstandingAndStopsAtTheCount(Vertx vertx, VertxTestContext test) {
    int[] outstanding = {0, 0};
    IntFunction<Future<?>> op = i -> {
      outstanding[0]++;
      outstanding[1] = Math.max(outstanding[1], outstanding[0]);
      Promise<Void> p = Promise.promise();
      vertx.setTimer(1, t -> {
        outstanding[0]--;
        p.complete();
      });
      return p.future();
    };
    run(vertx, test, op, 200, 8, 20_000, figures -> {
      assertThat(figures.getInteger("ops")).as("operations completed").isEqualTo(200);
      assertThat(outstanding[1]).as("most operations in flight at once").isEqualTo(8);
      assertThat(figures.getDouble("p50Us")).as("p50 of 1 ms timers").isGreaterThanOrEqualTo(500);
    });
  }

  @Test
  void stopsIssuingAtTheTimeLimit(Vertx vertx, VertxTestContext test) {
    IntFunction<Future<?>> op = i -> vertx.timer(20, TimeUnit.MILLISECONDS);
    run(vertx, test, op, 1_000_000, 1, 100, figures -> {
      assertThat(figures.getInteger("ops")).as("20 ms operations in a 100 ms limit").isBetween(1, 6);
      assertThat(figures.getDouble("elapsedMs")).as("elapsed ms").isLessThan(1_000);
    });
  }

  @Test
  void synchronousCompletionsRunWithoutRecursion(Vertx vertx, VertxTestContext test) {
    run(vertx, test, i -> Future.succeededFuture(), 200_000, 4, 20_000,
        figures -> assertThat(figures.getInteger("ops")).as("operations").isEqualTo(200_000));
  }

  @Test
  void failuresAreCountedApartFromTimedOperations(Vertx vertx, VertxTestContext test) {
    IntFunction<Future<?>> op = i -> i % 2 == 0 ? Future.succeededFuture()
        : Future.failedFuture("odd " + i);
    run(vertx, test, op, 100, 2, 20_000, figures -> {
      assertThat(figures.getInteger("ops")).as("succeeded").isEqualTo(50);
      assertThat(figures.getInteger("failed")).as("failed").isEqualTo(50);
      assertThat(figures.getString("firstError")).isEqualTo("odd 1");
    });
  }
}

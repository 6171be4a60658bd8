package io.clusterkit.launcher.health;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits in tests for a condition read on a given context, without sleeping. */
final class ContextConditions {

  private ContextConditions() {
  }

  /**
   * Runs then once condition holds, checking every 20 ms on context; fails the test after 10 s.
   */
  static void whenTrue(Vertx vertx, Context context, BooleanSupplier condition,
      VertxTestContext test, Runnable then) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    context.runOnContext(v -> vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        then.run();
      } else if (System.nanoTime() - deadline > 0) {
        vertx.cancelTimer(id);
        test.failNow("condition not met within 10 s");
      }
    }));
  }
}

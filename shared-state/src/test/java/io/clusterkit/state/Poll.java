package io.clusterkit.state;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Asks an asynchronous probe again on a timer until its answer is right or a deadline passes;
 * measures elapsed time.
 */
final class Poll {

  /** Time between two probes. */
  static final long INTERVAL_MILLIS = 25;

  private Poll() {
  }

  /**
   * Probes until done accepts the answer.
   *
   * @param vertx whose timers space the probes
   * @param withinMillis how long to keep asking
   * @param probe gives the next answer
   * @param done whether an answer is the awaited one
   * @param <T> the answer's type
   * @return a future completed with the first accepted answer, or failed with the last answer
   *     seen once withinMillis have passed
   */
  static <T> Future<T> until(Vertx vertx, long withinMillis, Supplier<Future<T>> probe,
      Predicate<T> done) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(withinMillis);
    return next(vertx, deadline, withinMillis, probe, done);
  }

  private static <T> Future<T> next(Vertx vertx, long deadline, long withinMillis,
      Supplier<Future<T>> probe, Predicate<T> done) {
    return probe.get().compose(answer -> {
      if (done.test(answer)) {
        return Future.succeededFuture(answer);
      }
      if (System.nanoTime() - deadline >= 0) {
        return Future.failedFuture(new AssertionError(
            "still " + answer + " after " + withinMillis + " ms"));
      }
      Promise<T> later = Promise.promise();
      vertx.setTimer(INTERVAL_MILLIS,
          id -> next(vertx, deadline, withinMillis, probe, done).onComplete(later));
      return later.future();
    });
  }

  /**
   * Measures time spent.
   *
   * @param startNanos a {@link System#nanoTime()} reading
   * @return the whole ms since then
   */
  static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}

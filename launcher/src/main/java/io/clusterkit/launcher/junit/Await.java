package io.clusterkit.launcher.junit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a probe until a condition holds or a deadline passes; a failure names what was awaited
 * and the last value seen. The one way the kit and its tests wait for something that has no
 * event of its own.
 */
public final class Await {

  private static final long STEP_NANOS = Duration.ofMillis(50).toNanos();

  private Await() {
  }

  /**
   * Polls probe every 50 ms until done accepts its value.
   *
   * @param timeout how long to poll
   * @param probe what to look at; a probe that throws counts as a value not done, and its
   *     exception is the last value seen
   * @param done the condition
   * @param description what is awaited, for the failure message
   * @param <T> the probed value's type
   * @return the first value that done accepted
   * @throws AssertionError after timeout, naming description and the last value seen
   */
  public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<? super T> done,
      String description) {
    return until(timeout, probe, done, () -> description);
  }

  /**
   * Polls probe every 50 ms until done accepts its value; the description is computed only on
   * failure (it may carry a state snapshot).
   *
   * @param timeout how long to poll
   * @param probe what to look at; a probe that throws counts as a value not done
   * @param done the condition
   * @param description what is awaited, for the failure message
   * @param <T> the probed value's type
   * @return the first value that done accepted
   * @throws AssertionError after timeout, naming description and the last value seen
   */
  public static <T> T until(Duration timeout, Supplier<T> probe, Predicate<? super T> done,
      Supplier<String> description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last;
    while (true) {
      try {
        T value = probe.get();
        if (done.test(value)) {
          return value;
        }
        last = value;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for "
            + description.get() + "\nlast value seen: " + last);
      }
      LockSupport.parkNanos(STEP_NANOS);
    }
  }
}

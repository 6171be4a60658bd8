package io.clusterkit.examples.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a probe until a condition holds or a deadline passes; on failure the error names what was
 * awaited and the last value seen. The only way tests wait for something that has no event.
 */
final class Poll {

  private static final long STEP_NANOS = Duration.ofMillis(50).toNanos();

  private Poll() {
  }

  static <T> T until(Duration timeout, Supplier<T> probe, Predicate<T> done,
      Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what.get()
            + "\nlast value seen: " + last);
      }
      LockSupport.parkNanos(STEP_NANOS);
      last = probe.get();
    }
    return last;
  }
}

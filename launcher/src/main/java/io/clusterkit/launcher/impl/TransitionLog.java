package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.supervisor.Action;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each worker state transition once: INFO for the planned ones, ERROR for the others (a
 * slot that FAILED, a worker that died unexpectedly).
 */
final class TransitionLog {

  private static final Logger log = LoggerFactory.getLogger("io.clusterkit.launcher.Supervisor");

  private TransitionLog() {
  }

  static void log(Action.Transition t) {
    long millis = Duration.ofNanos(t.nanosInPrevious()).toMillis();
    String pid = t.pid() < 0 ? "-" : Long.toString(t.pid());
    String detail = t.detail() == null || t.detail().isEmpty() ? "" : " (" + t.detail() + ")";
    if (!t.planned()) {
      log.error("slot {} gen {} pid {}: {} -> {} after {} ms{}", t.slot(), t.gen(), pid,
          t.from(), t.to(), millis, detail);
    } else {
      log.info("slot {} gen {} pid {}: {} -> {} in {} ms{}", t.slot(), t.gen(), pid, t.from(),
          t.to(), millis, detail);
    }
  }
}

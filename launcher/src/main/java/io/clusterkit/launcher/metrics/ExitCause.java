package io.clusterkit.launcher.metrics;

import io.clusterkit.launcher.WorkerExit;

/**
 * The {@code cause} label of a worker exit: one of a few fixed words, so the number of series
 * stays bounded whatever the reason's text. Pure.
 */
final class ExitCause {

  private ExitCause() {
  }

  /**
   * Classifies an exit by the reason the worker left service.
   *
   * @param exit the exit
   * @return {@code crash} (ended unasked: a crash, a kill from outside, a failed boot),
   *     {@code reload}, {@code health_check}, {@code heartbeat}, {@code blocked},
   *     {@code memory}, {@code max_requests}, {@code restart}, {@code scale}, {@code stop} or
   *     {@code other}
   */
  static String of(WorkerExit exit) {
    if (!exit.planned()) {
      return "crash";
    }
    String reason = exit.reason() == null ? "" : exit.reason();
    if (reason.startsWith("reload")) {
      return "reload";
    } else if (reason.startsWith("health check")) {
      return "health_check";
    } else if (reason.startsWith("no heartbeat")) {
      return "heartbeat";
    } else if (reason.startsWith("event loop blocked")) {
      return "blocked";
    } else if (reason.contains("-max-memory")) {
      return "memory";
    } else if (reason.contains("-max-requests")) {
      return "max_requests";
    } else if (reason.startsWith("restart")) {
      return "restart";
    } else if (reason.startsWith("scaled down")) {
      return "scale";
    } else if (reason.startsWith("stop")) {
      return "stop";
    }
    return "other";
  }
}

package io.clusterkit.launcher.health;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The outcome of one HTTP health check of a worker: passed (a 2xx or 3xx answer in time) or
 * failed, with what a log line and the replacement reason say about it ({@code 503},
 * {@code timed out after 2000 ms}, {@code connection refused}). Pure: no IO.
 *
 * @param passed whether the check passed
 * @param detail the status code, or why there was none
 */
record ProbeOutcome(boolean passed, String detail) {

  /** Checks the detail. */
  ProbeOutcome {
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Judges an answer.
   *
   * @param status the HTTP status code
   * @return passed for 200..399, else failed with the code
   */
  static ProbeOutcome ofStatus(int status) {
    return new ProbeOutcome(status >= 200 && status < 400, Integer.toString(status));
  }

  /**
   * A check without an answer in time.
   *
   * @param timeoutMillis the timeout
   * @return failed, {@code timed out after N ms}
   */
  static ProbeOutcome timedOut(long timeoutMillis) {
    return new ProbeOutcome(false, "timed out after " + timeoutMillis + " ms");
  }

  /** @return whether the answer was 404 Not Found: the path is no route of the worker's server */
  boolean notFound() {
    return !passed && "404".equals(detail);
  }

  /** @return failed: the worker reported no server to check (its verticle never served) */
  static ProbeOutcome noServer() {
    return new ProbeOutcome(false, "no HTTP server to check (the verticle never called serve() nor listened on a port)");
  }

  /**
   * Describes a check that ended without an answer.
   *
   * @param cause what the HTTP client failed with
   * @param timeoutMillis the check's timeout, for a client-side timeout
   * @return failed, with a short reason
   */
  static ProbeOutcome ofFailure(Throwable cause, long timeoutMillis) {
    if (cause instanceof TimeoutException) {
      return timedOut(timeoutMillis);
    }
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (cause instanceof ConnectException || lower.contains("connection refused")
        || lower.contains("no such file or directory")) {
      return new ProbeOutcome(false, "connection refused");
    }
    if (cause instanceof HttpClosedException || lower.contains("connection reset")) {
      return new ProbeOutcome(false, "connection closed before an answer");
    }
    return new ProbeOutcome(false, message.isBlank() ? cause.getClass().getSimpleName() : message);
  }
}

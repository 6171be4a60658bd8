package io.clusterkit.launcher.live;

import io.clusterkit.verticles.protocol.Heartbeat;

/**
 * What a worker did between two of its heartbeats: requests and 5xx responses a second, the
 * median and 99th percentile of its response times, and its CPU use. A figure the worker does
 * not send (latency and errors without {@code -metrics}) is NaN.
 *
 * @param requestsPerSecond responses a second (requests received a second without meters)
 * @param errorsPerSecond 5xx responses a second
 * @param p50Millis the median response time, in milliseconds
 * @param p99Millis the 99th percentile response time, in milliseconds
 * @param cpuPercent CPU time over wall time, in percent of one core
 */
public record Rates(double requestsPerSecond, double errorsPerSecond, double p50Millis,
    double p99Millis, double cpuPercent) {

  private static final double[] BOUNDS_MILLIS = millis(Heartbeat.latencyBoundsSeconds());

  /** Nothing known: the worker's first heartbeat, or a new process in the slot. */
  public static final Rates UNKNOWN = new Rates(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
      Double.NaN);

  /**
   * Computes the rates between two heartbeats of one process.
   *
   * @param before the earlier heartbeat, or null
   * @param beforeNanos when it arrived (monotonic)
   * @param after the later heartbeat
   * @param afterNanos when it arrived
   * @return the rates, {@link #UNKNOWN} without an earlier beat of the same process
   */
  public static Rates between(Heartbeat before, long beforeNanos, Heartbeat after,
      long afterNanos) {
    if (before == null || after == null || before.slot() != after.slot()
        || before.gen() != after.gen() || afterNanos <= beforeNanos) {
      return UNKNOWN;
    }
    double seconds = (afterNanos - beforeNanos) / 1e9;
    boolean metered = before.responses() >= 0 && after.responses() >= 0;
    long requests = metered ? after.responses() - before.responses()
        : after.requests() - before.requests();
    double errors = metered && before.serverErrors() >= 0 && after.serverErrors() >= 0
        ? Math.max(0, after.serverErrors() - before.serverErrors()) / seconds : Double.NaN;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    if (metered && after.latency() != null) {
      long total = after.responses() - before.responses();
      p50 = LatencyQuantile.of(0.5, BOUNDS_MILLIS, before.latency(), after.latency(), total);
      p99 = LatencyQuantile.of(0.99, BOUNDS_MILLIS, before.latency(), after.latency(), total);
    }
    double cpu = before.cpuNanos() >= 0 && after.cpuNanos() >= before.cpuNanos()
        ? (after.cpuNanos() - before.cpuNanos()) / 1e9 / seconds * 100 : Double.NaN;
    return new Rates(Math.max(0, requests) / seconds, errors, p50, p99, cpu);
  }

  private static double[] millis(double[] seconds) {
    double[] millis = new double[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      millis[i] = seconds[i] * 1000;
    }
    return millis;
  }
}

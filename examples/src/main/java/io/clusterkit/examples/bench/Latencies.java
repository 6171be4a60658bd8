package io.clusterkit.examples.bench;

import java.util.Arrays;

/**
 * Per-operation latencies of one bounded run, kept exactly: a run records at most the number of
 * operations it may issue, so a plain array is enough and percentiles need no bucketing.
 */
final class Latencies {

  private final long[] nanos;
  private int count;

  /**
   * Creates room for capacity latencies.
   *
   * @param capacity the most operations the run may record
   */
  Latencies(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    nanos = new long[capacity];
  }

  /** @param latencyNanos one operation's latency; ignored once full */
  void record(long latencyNanos) {
    if (count < nanos.length) {
      nanos[count++] = latencyNanos;
    }
  }

  /** @return how many latencies were recorded */
  int count() {
    return count;
  }

  /**
   * Returns the given percentiles, by the nearest-rank method.
   *
   * @param percentiles each in (0, 100]
   * @return the latency of each percentile in microseconds, NaN when nothing was recorded
   */
  double[] percentilesMicros(double... percentiles) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    double[] out = new double[percentiles.length];
    for (int i = 0; i < percentiles.length; i++) {
      if (count == 0) {
        out[i] = Double.NaN;
        continue;
      }
      int rank = (int) Math.ceil(percentiles[i] / 100.0 * count);
      out[i] = sorted[Math.max(0, Math.min(count, rank) - 1)] / 1000.0;
    }
    return out;
  }
}

package io.clusterkit.launcher.live;

import java.util.Objects;

/**
 * A quantile of the response times of one interval, from the difference of two readings of a
 * cumulative histogram (as Prometheus's {@code histogram_quantile} over a {@code rate}): find the
 * bucket the quantile's rank falls in and interpolate linearly inside it, the first bucket
 * starting at 0. A rank past the last finite bound reads as that bound.
 */
public final class LatencyQuantile {

  private LatencyQuantile() {
  }

  /**
   * Computes a quantile of one interval.
   *
   * @param q the quantile, in (0, 1]
   * @param bounds the buckets' upper bounds, increasing
   * @param before the cumulative counts at the interval's start (null: all zero)
   * @param after the cumulative counts at its end
   * @param total how many responses the interval had, the ones past the last bound included
   * @return the quantile, in the unit of the bounds, or NaN when the interval had no response
   */
  public static double of(double q, double[] bounds, long[] before, long[] after, long total) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in (0, 1], was " + q);
    }
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(after, "after");
    if (after.length != bounds.length || (before != null && before.length != bounds.length)) {
      throw new IllegalArgumentException("bucket counts do not match " + bounds.length
          + " bounds");
    }
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < bounds.length; i++) {
      long upTo = after[i] - (before == null ? 0 : before[i]);
      if (upTo >= rank) {
        double lower = i == 0 ? 0 : bounds[i - 1];
        long inBucket = upTo - below;
        if (inBucket <= 0) {
          return bounds[i];
        }
        return lower + (bounds[i] - lower) * (rank - below) / inBucket;
      }
      below = upTo;
    }
    return bounds[bounds.length - 1];
  }
}

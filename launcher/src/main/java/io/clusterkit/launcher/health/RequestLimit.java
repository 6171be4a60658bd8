package io.clusterkit.launcher.health;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Recycling by request count ({@code -max-requests N}, {@code -max-requests-jitter J}),
 * Gunicorn's guard against slow leaks: each worker gets its own limit, N plus a random 0..J
 * drawn once, so that workers started together are not all recycled together; a worker whose
 * heartbeat says it has received that many requests is due for a drain-first recycle. Pure:
 * the caller feeds it heartbeat counts and acts on its answer.
 */
public final class RequestLimit {

  private final long max;
  private final long jitter;
  private final RandomGenerator random;
  private final Map<Long, Long> limits = new HashMap<>();

  /**
   * Creates the rule.
   *
   * @param max the requests after which a worker is recycled, 0 for no limit
   * @param jitter the most a worker's own limit adds to max, 0 or more
   * @param random where each worker's addition comes from
   */
  public RequestLimit(long max, long jitter, RandomGenerator random) {
    if (max < 0 || jitter < 0) {
      throw new IllegalArgumentException("max and jitter must be >= 0, were " + max + " and "
          + jitter);
    }
    this.max = max;
    this.jitter = jitter;
    this.random = random;
  }

  /** @return a rule that never recycles */
  public static RequestLimit none() {
    return new RequestLimit(0, 0, RandomGenerator.getDefault());
  }

  /** @return whether a limit is set at all */
  public boolean enabled() {
    return max > 0;
  }

  /**
   * Gives a worker's own limit, drawing it the first time.
   *
   * @param worker the worker's key (slot and generation)
   * @return max plus its random 0..jitter
   */
  public long limitOf(long worker) {
    return limits.computeIfAbsent(worker,
        key -> max + (jitter == 0 ? 0 : random.nextLong(jitter + 1)));
  }

  /**
   * Says whether a worker is due for a recycle.
   *
   * @param worker the worker's key (slot and generation)
   * @param requests the requests it has received, from its latest heartbeat
   * @return why it is due, e.g. {@code "served 1000 requests (-max-requests 1000)"}, or null
   */
  public String due(long worker, long requests) {
    if (!enabled() || requests < limitOf(worker)) {
      return null;
    }
    return "served " + requests + " requests (-max-requests " + max
        + (jitter == 0 ? "" : " -max-requests-jitter " + jitter + ": its limit "
        + limitOf(worker)) + ")";
  }

  /**
   * Forgets the workers that are gone.
   *
   * @param live the keys of the workers still there
   */
  public void retain(Set<Long> live) {
    limits.keySet().retainAll(live);
  }
}

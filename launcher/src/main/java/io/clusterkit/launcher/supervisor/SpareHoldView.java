package io.clusterkit.launcher.supervisor;

/**
 * A snapshot of why the spare pool's next boot waits ({@code -spare-delay}): for the youngest
 * serving worker to have served for the delay.
 *
 * @param slot the slot of the worker the boot waits for
 * @param gen its generation
 * @param starting true while that worker is still starting: the wait's end is not known yet
 * @param untilNanos when it will have served for the delay (monotonic), unless it is starting
 * @param delayNanos the delay
 */
public record SpareHoldView(int slot, int gen, boolean starting, long untilNanos,
    long delayNanos) {

  /**
   * Says how long the boot still waits.
   *
   * @param nowNanos the time now on the supervisor's monotonic clock
   * @return the nanoseconds left, 0 when the wait is over, -1 while the worker is still starting
   */
  public long remainingNanos(long nowNanos) {
    return starting ? -1 : Math.max(0, untilNanos - nowNanos);
  }
}

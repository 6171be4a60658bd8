package io.clusterkit.launcher;

import java.util.Objects;

/**
 * What a change of the number of workers does.
 *
 * @param previous the number of workers before it
 * @param workers the number of workers from now on
 * @param detail one line for people, e.g. {@code "scaling up from 2 to 4: starting slots 2..3"}
 */
public record ScaleResult(int previous, int workers, String detail) {

  /**
   * Checks the detail.
   *
   * @param previous the number before
   * @param workers the number from now on
   * @param detail not null
   */
  public ScaleResult {
    Objects.requireNonNull(detail, "detail");
  }
}

package io.clusterkit.launcher;

import java.util.Objects;

/**
 * Why a reload or a scale of a {@link Cluster} did not happen, or stopped: the failure of their
 * futures, and of the admin API's answers (409 for {@link Kind#REFUSED}, 500 for
 * {@link Kind#FAILED}).
 */
public final class ControlException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whether the command never began or stopped while it ran. */
  public enum Kind {
    /** The cluster's state did not allow it (not started, stopping, another reload running). */
    REFUSED,
    /** It began and stopped (a replacement failed to become READY, a stop cancelled it). */
    FAILED
  }

  private final Kind kind;

  /**
   * Creates the failure.
   *
   * @param kind refused or failed
   * @param message why, naming what stopped it
   */
  public ControlException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * A command the cluster's state did not allow.
   *
   * @param message why
   * @return the failure
   */
  public static ControlException refused(String message) {
    return new ControlException(Kind.REFUSED, message);
  }

  /**
   * A command that began and stopped.
   *
   * @param message why
   * @return the failure
   */
  public static ControlException failed(String message) {
    return new ControlException(Kind.FAILED, message);
  }

  /** @return whether it was refused or failed while running */
  public Kind kind() {
    return kind;
  }
}

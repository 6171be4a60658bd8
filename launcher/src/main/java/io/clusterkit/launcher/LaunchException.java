package io.clusterkit.launcher;

/**
 * Why a cluster could not start or had to end, with the exit code the launcher should give.
 * The message is one line meant for the operator, without a stack trace.
 */
public final class LaunchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * Creates the failure.
   *
   * @param exitCode one of {@link io.clusterkit.verticles.ExitCodes}
   * @param message a one-line reason
   */
  public LaunchException(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** @return the exit code the launcher should end with */
  public int exitCode() {
    return exitCode;
  }
}

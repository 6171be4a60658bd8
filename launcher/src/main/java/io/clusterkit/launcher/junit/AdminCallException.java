package io.clusterkit.launcher.junit;

/**
 * An admin API call the launcher refused or failed: a reload while another runs or during a
 * stop (409), a replacement that never became READY (500), a bad argument (400).
 */
public final class AdminCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  /**
   * A failed call.
   *
   * @param call what was called, e.g. {@code POST /reload}
   * @param status the HTTP status the launcher answered
   * @param error the launcher's reason, from the {@code error} field of its answer
   */
  public AdminCallException(String call, int status, String error) {
    super(call + " answered " + status + ": " + error);
    this.status = status;
    this.error = error;
  }

  /** @return the HTTP status the launcher answered */
  public int status() {
    return status;
  }

  /** @return the launcher's reason */
  public String error() {
    return error;
  }
}

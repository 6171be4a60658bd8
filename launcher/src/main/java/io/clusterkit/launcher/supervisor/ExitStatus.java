package io.clusterkit.launcher.supervisor;

import io.clusterkit.verticles.ExitCodes;

/**
 * How a worker process ended: its exit value, and the signal that killed it if any.
 *
 * @param code the exit value as Java reports it ({@code Process.exitValue()}), which for a
 *     signalled process is 128 + the signal number
 * @param signal the number of the signal that ended the process, or 0 when it exited by itself
 */
public record ExitStatus(int code, int signal) {

  /** The highest signal number decoded from an exit value (Linux real-time signals end at 64). */
  public static final int MAX_SIGNAL = 64;

  /**
   * Checks the signal number.
   *
   * @param code the exit value
   * @param signal 0, or a signal number from 1 to {@link #MAX_SIGNAL}
   */
  public ExitStatus {
    if (signal < 0 || signal > MAX_SIGNAL) {
      throw new IllegalArgumentException("signal must be in 0.." + MAX_SIGNAL + ", was " + signal);
    }
  }

  /**
   * Decodes an exit value the way a shell does: 128 + N, for N from 1 to 64, means signal N.
   *
   * @param exitValue what {@code Process.exitValue()} returned
   * @return the decoded status
   */
  public static ExitStatus fromExitValue(int exitValue) {
    int signal = exitValue - 128;
    if (signal >= 1 && signal <= MAX_SIGNAL) {
      return new ExitStatus(exitValue, signal);
    }
    return new ExitStatus(exitValue, 0);
  }

  /**
   * Says whether a signal ended the process.
   *
   * @return true when {@link #signal()} is not 0
   */
  public boolean signalled() {
    return signal != 0;
  }

  /**
   * Says whether the process exited by itself with the given code.
   *
   * @param exitCode an exit code, usually one of {@link ExitCodes}
   * @return true when no signal ended the process and its code is exitCode
   */
  public boolean exitedWith(int exitCode) {
    return !signalled() && code == exitCode;
  }

  /**
   * Describes the status for log lines and error messages.
   *
   * @return e.g. {@code "exit code 3 (BOOT_FAILED)"}, {@code "exit code 42"} or
   *     {@code "signal 9 (KILL)"}
   */
  public String describe() {
    if (signalled()) {
      String name = signalName(signal);
      return name == null ? "signal " + signal : "signal " + signal + " (" + name + ")";
    }
    String name = ExitCodes.name(code);
    String described = "exit code " + code;
    return name.equals("code " + code) ? described : described + " (" + name + ")";
  }

  /**
   * Names the usual Linux signals.
   *
   * @param signal a signal number
   * @return its name without the SIG prefix, such as {@code "TERM"}, or null for other numbers
   */
  public static String signalName(int signal) {
    switch (signal) {
      case 1: return "HUP";
      case 2: return "INT";
      case 3: return "QUIT";
      case 6: return "ABRT";
      case 9: return "KILL";
      case 10: return "USR1";
      case 11: return "SEGV";
      case 12: return "USR2";
      case 13: return "PIPE";
      case 15: return "TERM";
      default: return null;
    }
  }
}

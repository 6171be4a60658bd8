package io.clusterkit.verticles;

/**
 * The exit codes of the launcher and of worker processes, in one place so that scripts, systemd
 * units and the supervisor agree on them.
 */
public final class ExitCodes {

  /** Normal end: a graceful stop completed. */
  public static final int OK = 0;

  /** An unexpected internal error. */
  public static final int INTERNAL = 1;

  /** The command line was wrong (unknown option, bad value, missing verticle). */
  public static final int USAGE = 2;

  /**
   * Not ClusterKit's: the JVM exits with 3 on an OutOfMemoryError when started with
   * {@code -XX:+ExitOnOutOfMemoryError}, as every worker is. Named here so that log lines say it.
   */
  public static final int OUT_OF_MEMORY = 3;

  /**
   * A worker could not start its verticles (class missing, not a verticle, {@code start} failed);
   * the launcher exits with it too when the cluster's very first boot fails.
   */
  public static final int BOOT_FAILED = 4;

  /** The launcher gave up: every slot is FAILED after repeated early crashes. */
  public static final int ALL_SLOTS_FAILED = 5;

  /** The launcher could not take a resource it needs, such as the public port. */
  public static final int UNAVAILABLE = 6;

  /** A worker found its launcher gone and exited on its own. */
  public static final int ORPHANED = 7;

  /** The launcher was told to stop twice and killed its workers without waiting for their drain. */
  public static final int FORCED_STOP = 8;

  private ExitCodes() {
  }

  /**
   * Names an exit code for log lines and error messages.
   *
   * @param code the exit code of a launcher or worker process
   * @return a short name such as {@code BOOT_FAILED}, or {@code "code N"} for other values
   */
  public static String name(int code) {
    switch (code) {
      case OK: return "OK";
      case INTERNAL: return "INTERNAL";
      case USAGE: return "USAGE";
      case OUT_OF_MEMORY: return "OUT_OF_MEMORY";
      case BOOT_FAILED: return "BOOT_FAILED";
      case ALL_SLOTS_FAILED: return "ALL_SLOTS_FAILED";
      case UNAVAILABLE: return "UNAVAILABLE";
      case ORPHANED: return "ORPHANED";
      case FORCED_STOP: return "FORCED_STOP";
      default: return "code " + code;
    }
  }
}

package io.clusterkit.launcher;

import io.clusterkit.launcher.cli.LauncherCommand;

/**
 * The entry point of {@code java -jar launcher.jar}.
 */
public final class Main {

  private Main() {
  }

  /**
   * Runs the launcher and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // before anything touches the common pool: Hazelcast needs parallelism >= 2 on small machines
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
          Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    System.exit(LauncherCommand.run(args));
  }
}

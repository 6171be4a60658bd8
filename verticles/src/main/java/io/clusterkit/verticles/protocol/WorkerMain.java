package io.clusterkit.verticles.protocol;

import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.impl.BootClock;
import io.clusterkit.verticles.impl.WorkerLifecycle;

/**
 * The class the launcher starts as a worker JVM, with no arguments: everything a worker needs
 * comes in its environment ({@link WorkerEnv}). The worker joins the launcher's cluster, deploys
 * the verticle, reports READY ({@link ReadyReport}), beats ({@link Heartbeat}) and, on SIGTERM,
 * drains and exits; when it cannot boot it prints one {@link WorkerEnv#BOOT_FAILURE_MARKER} line
 * and exits {@link ExitCodes#BOOT_FAILED}. The worker's side of all this is
 * {@link WorkerLifecycle}.
 */
public final class WorkerMain {

  private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private WorkerMain() {
  }

  /**
   * Runs a worker.
   *
   * @param args ignored: everything comes from the environment
   */
  public static void main(String[] args) {
    BootClock.markMain();
    // before anything touches the common pool: with a parallelism of 1 (2 CPUs) Hazelcast starts
    // a thread per async callback; the launcher sets it on the command line, this covers the rest
    if (System.getProperty(PARALLELISM) == null) {
      System.setProperty(PARALLELISM,
          Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    WorkerLifecycle.run(System.getenv());
  }
}

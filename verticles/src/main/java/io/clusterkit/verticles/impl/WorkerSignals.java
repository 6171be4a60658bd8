package io.clusterkit.verticles.impl;

import sun.misc.Signal;

/**
 * The worker's signal dispositions: SIGINT ignored (Ctrl-C in a terminal reaches the launcher and
 * every worker at once; the launcher alone decides when workers stop), SIGTERM starts a drain.
 * Handlers only hand the work to a fresh thread: nothing else runs in the signal handler.
 */
final class WorkerSignals {

  private WorkerSignals() {
  }

  /** Ignores SIGINT in this process. */
  static void ignoreInterrupt() {
    Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
  }

  /**
   * Runs action on its own thread when SIGTERM arrives.
   *
   * @param action what to do (start the drain)
   */
  static void onTerminate(Runnable action) {
    Signal.handle(new Signal("TERM"), sig -> {
      Thread thread = new Thread(action, "clusterkit-terminate");
      thread.setDaemon(false);
      thread.start();
    });
  }
}

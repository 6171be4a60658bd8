package io.clusterkit.launcher.signals;

import sun.misc.Signal;

/**
 * The launcher's signal handlers. TERM and INT ask for a graceful stop; the same signal again
 * forces it (the stop action is called again, and a second call forces). Handlers only call the
 * action, which posts an event: nothing is logged or decided inside the handler.
 */
public final class LauncherSignals {

  private LauncherSignals() {
  }

  /**
   * Installs the handlers.
   *
   * @param stop what a TERM or INT does: post a stop request to the cluster
   */
  public static void install(Runnable stop) {
    Signal.handle(new Signal("TERM"), sig -> stop.run());
    Signal.handle(new Signal("INT"), sig -> stop.run());
  }
}

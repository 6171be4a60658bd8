package io.clusterkit.launcher.signals;

import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * The launcher's signal handlers. TERM and INT ask for a graceful stop; the same signal again
 * forces it (the stop action is called again, and a second call forces). HUP and USR2 ask for a
 * rolling reload; TTIN and TTOU for one worker more or one fewer. Handlers only call the
 * actions, which post events: nothing is logged or decided inside a handler. USR2 is shared
 * with the JVM while a JFR recording runs (see {@link ReloadSignal}).
 */
public final class LauncherSignals {

  private LauncherSignals() {
  }

  /**
   * Installs every handler.
   *
   * @param stop what a TERM or INT does: post a stop request
   * @param reload what a HUP or USR2 does: post a rolling reload
   * @param scaleBy what a TTIN (+1) or TTOU (-1) does: post a scale by that many workers
   */
  public static void install(Runnable stop, Runnable reload, IntConsumer scaleBy) {
    Signal.handle(new Signal("TERM"), sig -> stop.run());
    Signal.handle(new Signal("INT"), sig -> stop.run());
    Signal.handle(new Signal("HUP"), sig -> reload.run());
    ReloadSignal.install(reload);
    Signal.handle(new Signal("TTIN"), sig -> scaleBy.accept(1));
    Signal.handle(new Signal("TTOU"), sig -> scaleBy.accept(-1));
  }
}

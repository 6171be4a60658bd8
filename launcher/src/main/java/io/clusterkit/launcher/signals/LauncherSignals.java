package io.clusterkit.launcher.signals;

import io.clusterkit.launcher.impl.ClusterControl;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The launcher's signal handlers. TERM and INT ask for a graceful stop; the same signal again
 * forces it (the stop action is called again, and a second call forces). HUP and USR2 ask for a
 * rolling reload; TTIN and TTOU for one worker more or one fewer. Handlers only call the
 * cluster's {@link ClusterControl}, which posts events to the supervisor's context: nothing is
 * logged or decided inside a handler. USR2 is shared with the JVM while a JFR recording runs
 * (see {@link ReloadSignal}). A signal the process was started ignoring (HUP under
 * {@code nohup}) stays ignored, and is named in a warning; INT is not (a background job ignores
 * it as a rule, and TERM stops the same way).
 */
public final class LauncherSignals {

  private static final Logger log = LoggerFactory.getLogger(LauncherSignals.class);

  private LauncherSignals() {
  }

  /**
   * Installs every handler.
   *
   * @param control the cluster the signals command: a stop, a rolling reload of the same code,
   *     a scale by one worker
   */
  public static void install(ClusterControl control) {
    install(control::stop, () -> control.reload(null), control::scaleBy);
  }

  private static void install(Runnable stop, Runnable reload, IntConsumer scaleBy) {
    List<String> ignored = new ArrayList<>();
    handle("TERM", "stop", sig -> stop.run(), ignored);
    Signal.handle(new Signal("INT"), sig -> stop.run());
    handle("HUP", "reload", sig -> reload.run(), ignored);
    ReloadSignal.install(reload);
    handle("TTIN", "one worker more", sig -> scaleBy.accept(1), ignored);
    handle("TTOU", "one worker fewer", sig -> scaleBy.accept(-1), ignored);
    if (!ignored.isEmpty()) {
      log.warn("this process was started ignoring {} (nohup, or a parent that ignores them): "
          + "the JVM keeps them ignored, so they do nothing here; use the launcher's commands "
          + "(stop, reload, scale) or another signal", String.join(", ", ignored));
    }
  }

  /** Installs one handler, unless the process ignores the signal (then the JVM leaves it so). */
  private static void handle(String name, String does, SignalHandler handler,
      List<String> ignored) {
    if (Signal.handle(new Signal(name), handler) == SignalHandler.SIG_IGN) {
      ignored.add(name + " (" + does + ")");
    }
  }
}

package io.clusterkit.launcher.signals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * USR2 as a reload request, shared with the JVM. HotSpot on Linux suspends threads with USR2 to
 * take JFR's thread samples, and a Java handler for USR2 replaces the VM's own: samples would
 * never be taken and each one would ask for a reload. On Java 17 the VM's handler, for its part,
 * crashes the JVM on a USR2 sent from outside. So USR2 is the launcher's (a reload) while no JFR
 * recording runs, and the VM's while one does: the handler is swapped as recordings start and
 * stop (a second after the last one stops), and a USR2 that reaches the launcher's handler while
 * a recording runs (one sent in the moment before the swap) is not taken for a reload.
 */
final class ReloadSignal implements FlightRecorderListener {

  private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);
  private static final Signal USR2 = new Signal("USR2");
  private static final Executor HAND_BACK = CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS);

  private final SignalHandler reload;
  /** The JVM's own handler, known once the launcher's has replaced it. */
  private SignalHandler vm;
  private boolean ours;

  private ReloadSignal(Runnable reload) {
    this.reload = sig -> {
      if (!recording()) {
        reload.run();
      }
    };
  }

  /**
   * Makes USR2 call reload whenever no JFR recording runs in this JVM.
   *
   * @param reload what a USR2 does: post a rolling reload
   */
  static void install(Runnable reload) {
    ReloadSignal signal = new ReloadSignal(reload);
    try {
      FlightRecorder.addListener(signal);
    } catch (LinkageError | SecurityException e) {
      log.debug("no JFR in this JVM ({}): USR2 is always a reload", e.toString());
    }
    signal.update();
  }

  @Override
  public void recordingStateChanged(Recording recording) {
    if (recording()) {
      update();
    } else {
      // a recording's end is told before its sampler has sent its last USR2: take USR2 back
      // only once the sampler is surely quiet
      HAND_BACK.execute(this::update);
    }
  }

  private synchronized void update() {
    boolean recording = recording();
    if (recording && ours) {
      Signal.handle(USR2, vm);
      ours = false;
      log.info("a JFR recording runs: USR2 is the JVM's until it ends (HUP reloads)");
    } else if (!recording && !ours) {
      SignalHandler previous = Signal.handle(USR2, reload);
      ours = true;
      if (vm == null) {
        vm = previous;
      } else {
        log.info("no JFR recording runs any more: USR2 reloads again");
      }
    }
  }

  private static boolean recording() {
    try {
      return FlightRecorder.isInitialized() && FlightRecorder.getFlightRecorder().getRecordings()
          .stream().anyMatch(r -> r.getState() == RecordingState.RUNNING);
    } catch (LinkageError | IllegalStateException | SecurityException e) {
      return false;
    }
  }
}

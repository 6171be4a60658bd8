package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.List;

/**
 * How the {@link Supervisor} stops the cluster: drain every worker (TERM) up to a grace period,
 * then KILL; a second stop request KILLs at once. The Halt comes when the last worker has exited.
 */
final class Stopper {

  private final Supervisor supervisor;

  Stopper(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /** Handles StopRequested: gracefully the first time, forced the second time. */
  void stop(long nowNanos, List<Action> out) {
    if (supervisor.forced()) {
      return; // already killing everything
    }
    if (supervisor.stopping()) {
      supervisor.beginStop(true);
      kill("second stop request", out);
      return;
    }
    supervisor.beginStop(false);
    for (Slot slot : supervisor.allSlots()) {
      slot.cancelRespawn();
    }
    List<Worker> live = supervisor.liveWorkers();
    if (live.isEmpty() && supervisor.sparePool().isEmpty()) {
      supervisor.halt(ExitCodes.OK, "stopped: no worker was running", out);
      return;
    }
    // spares are stopped (TERM) by the pool's reconciliation at the end of this event
    for (Worker worker : live) {
      drain(worker, nowNanos, "stop requested", out);
    }
    out.add(new Action.Schedule(supervisor.graceNanos(), new Event.GraceExpired()));
  }

  /** Handles GraceExpired: KILL every worker still running. */
  void graceExpired(List<Action> out) {
    if (supervisor.stopping()) {
      kill("grace period of " + Supervisor.format(supervisor.graceNanos()) + " is over", out);
    }
  }

  /** Halts once no worker is left, naming the worker that was the last to go. */
  void finishIfAllExited(Worker last, List<Action> out) {
    finishIfAllExited(last.toString(), out);
  }

  /** Halts once no worker and no spare is left, naming the process that was the last to go. */
  void finishIfAllExited(String last, List<Action> out) {
    if (!supervisor.liveWorkers().isEmpty() || !supervisor.sparePool().isEmpty()) {
      return;
    }
    if (supervisor.forced()) {
      supervisor.halt(ExitCodes.FORCED_STOP,
          "forced stop: every worker is gone, the last was " + last, out);
    } else {
      supervisor.halt(ExitCodes.OK,
          "graceful stop: every worker has exited, the last was " + last, out);
    }
  }

  /** Records the STOP intent, stops routing to a READY worker (now DRAINING), then TERMs it. */
  void drain(Worker worker, long nowNanos, String why, List<Action> out) {
    worker.intend(Worker.Intent.STOP); // before the signal: its exit is planned
    if (worker.state() == WorkerState.READY) {
      out.add(new Action.SetRoutable(worker.slot(), worker.gen(), false));
      long spent = worker.moveTo(WorkerState.DRAINING, nowNanos);
      out.add(Supervisor.transition(worker, WorkerState.READY, spent, why));
    }
    supervisor.signal(worker, Sig.TERM, out);
  }

  private void kill(String why, List<Action> out) {
    for (Worker worker : supervisor.liveWorkers()) {
      worker.intend(Worker.Intent.STOP);
      out.add(Supervisor.note(worker, why + ": killing it"));
      supervisor.signal(worker, Sig.KILL, out);
    }
    supervisor.sparePool().killAll(why, out);
  }
}

package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.List;

/**
 * How the {@link Supervisor} treats a worker that is not well: one found unhealthy (missed
 * heartbeats, a blocked event loop, failed health checks) is replaced; one with no READY within
 * the boot timeout is killed; one that can never be routed to fails the first boot at once; a
 * port that cannot be opened for the workers' own servers stops the cluster.
 */
final class FaultHandler {

  private final Supervisor supervisor;

  FaultHandler(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /**
   * Replaces a worker that is not healthy: no more connections for it at once, a replacement in
   * its slot, TERM now and KILL after the grace period.
   */
  void unhealthy(Slot slot, Worker worker, String reason, long nowNanos, List<Action> out) {
    if (supervisor.stopping() || worker.planned()) {
      return;
    }
    boolean replace = worker == slot.current() && slot.active()
        && slot.state() != SlotState.BACKOFF;
    worker.killReason(reason);
    out.add(Supervisor.note(worker, reason + (replace ? ": replacing it" : ": stopping it")));
    supervisor.stopper().drain(worker, nowNanos, reason, out);
    out.add(new Action.Schedule(supervisor.graceNanos(),
        new Event.DrainTimeout(worker.slot(), worker.gen())));
    if (replace) {
      supervisor.booter().spawn(slot, nowNanos, out);
    }
  }

  /** Kills a worker that is still not READY when its boot timeout fires. */
  void bootTimeout(Worker worker, List<Action> out) {
    if (worker.state() != WorkerState.STARTING || worker.planned()) {
      return; // READY in time, or already being stopped
    }
    String reason = "no READY within "
        + Supervisor.format(supervisor.policy().bootTimeoutNanos());
    worker.killReason(reason);
    out.add(Supervisor.note(worker, reason + ": killing it"));
    supervisor.signal(worker, Sig.KILL, out);
  }

  /** A worker that can never be routed to: fails a first boot at once, else waits its timeout. */
  void bootRejected(Worker worker, String reason, long nowNanos, List<Action> out) {
    if (worker.state() != WorkerState.STARTING || worker.planned()) {
      return;
    }
    if (supervisor.firstBootDone()) {
      out.add(Supervisor.note(worker,
          reason + "; it is not routed to, and its boot timeout ends it"));
      return;
    }
    for (Worker live : supervisor.liveWorkers()) {
      supervisor.stopper().drain(live, nowNanos,
          live == worker ? "it failed to boot" : "another worker failed to boot", out);
    }
    supervisor.halt(ExitCodes.BOOT_FAILED, worker + " failed to boot: " + reason, out);
  }

  /** A port a worker listens on cannot be opened: every worker drains, the launcher exits. */
  void portUnavailable(Worker worker, String reason, long nowNanos, List<Action> out) {
    for (Worker live : supervisor.liveWorkers()) {
      supervisor.stopper().drain(live, nowNanos, live == worker ? "its port cannot be opened"
          : "another worker's port cannot be opened", out);
    }
    supervisor.halt(ExitCodes.UNAVAILABLE, reason, out);
  }
}

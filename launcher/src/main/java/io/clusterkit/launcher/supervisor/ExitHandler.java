package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.List;

/**
 * What the {@link Supervisor} does when a worker's process ends (or never started): classify the
 * exit as planned or a crash, and for a crash, halt a failed first boot, back off and respawn, or
 * give the slot up.
 */
final class ExitHandler {

  private final Supervisor supervisor;

  ExitHandler(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /**
   * Handles the end of a live worker.
   *
   * @param status how it ended, or null when its process could not be started at all
   * @param what the status described, or why the spawn failed
   */
  void exited(Slot slot, Worker worker, ExitStatus status, String what, long nowNanos,
      List<Action> out) {
    WorkerState from = worker.state();
    if (from == WorkerState.READY) {
      out.add(new Action.SetRoutable(worker.slot(), worker.gen(), false));
    }
    long spent = worker.moveTo(WorkerState.EXITED, nowNanos);
    String detail = what + (worker.planned() ? ", planned" : ", unexpected")
        + (worker.killReason() == null ? "" : ", " + worker.killReason());
    out.add(Supervisor.transition(worker, from, spent, detail));
    out.add(new Action.Exit(worker.slot(), worker.gen(), worker.pid(), status, worker.planned()));
    slot.exited(worker);
    String why = worker.killReason() == null ? what : what + ", " + worker.killReason();
    if (!supervisor.stopping()
        && supervisor.roller().exited(slot, worker, from, why, nowNanos, out)) {
      return; // a replacement that never came up: the slot's serving worker stays
    }
    if (supervisor.stopping()) {
      supervisor.stopper().finishIfAllExited(worker, out);
    } else if (worker.planned() || worker != slot.current() || !slot.active()) {
      return; // planned, or an older generation leaving: the slot does not need a replacement
    } else if (!supervisor.firstBootDone() && status != null
        && status.exitedWith(ExitCodes.BOOT_FAILED)) {
      haltFirstBoot(worker, status, nowNanos, out);
    } else {
      crashed(slot, worker, why, nowNanos, out);
    }
  }

  /** The cluster's first boot failed: drain every other worker (TERM) and halt at once. */
  private void haltFirstBoot(Worker failed, ExitStatus status, long nowNanos, List<Action> out) {
    for (Worker other : supervisor.liveWorkers()) {
      supervisor.stopper().drain(other, nowNanos, "another worker failed to boot", out);
    }
    supervisor.halt(ExitCodes.BOOT_FAILED, failed + " failed to boot: " + status.describe(), out);
  }

  private void crashed(Slot slot, Worker worker, String what, long nowNanos, List<Action> out) {
    RestartPolicy policy = supervisor.policy();
    int inARow;
    if (policy.isEarly(worker, nowNanos)) {
      inARow = slot.countEarlyExit(nowNanos, policy.windowNanos());
    } else {
      slot.resetEarlyExits();
      inARow = 0;
    }
    if (policy.givesUp(inARow)) {
      slot.fail(nowNanos);
      out.add(new Action.Transition(worker.slot(), worker.gen(), worker.pid(),
          WorkerState.EXITED, WorkerState.FAILED, 0,
          inARow + " early exits " + policy.counting() + ", -max-restarts "
              + policy.maxRestarts() + " exceeded, the last: " + what, false));
      if (supervisor.activeSlots().stream().allMatch(Slot::failed)) {
        supervisor.halt(ExitCodes.ALL_SLOTS_FAILED, "every slot is FAILED, the last was "
            + worker + " after " + inARow + " early exits " + policy.counting() + " (" + what
            + ")", out);
      } else if (!supervisor.firstBootDone()) {
        // the cluster can never be all READY: its first boot has failed
        for (Worker other : supervisor.liveWorkers()) {
          supervisor.stopper().drain(other, nowNanos, "another slot FAILED during the first boot",
              out);
        }
        supervisor.halt(ExitCodes.BOOT_FAILED, "slot " + worker.slot() + " FAILED before the "
            + "cluster's first boot completed, after " + inARow + " early exits "
            + policy.counting() + " (" + what + ")", out);
      }
      return;
    }
    if (inARow <= 1 && supervisor.sparePool().hasWaiting(slot.release())) {
      // a booted spare takes the slot at once: no JVM boot to pace; a second early exit in a
      // row backs off as without spares
      out.add(Supervisor.note(worker, "replacing it at once with a waiting spare"));
      supervisor.booter().spawn(slot, nowNanos, out);
      return;
    }
    long delay = policy.backoffNanos(inARow);
    out.add(Supervisor.note(worker, "respawning as gen " + slot.nextGen() + " in "
        + Supervisor.format(delay) + (inARow == 0 ? " (after a stable run)"
        : " (restart " + inARow + " of -max-restarts " + policy.maxRestarts() + ", "
        + policy.counting() + ")")));
    supervisor.booter().scheduleRespawn(slot, delay, out);
  }
}

package io.clusterkit.launcher.supervisor;

import java.util.List;

/**
 * How the {@link Supervisor} changes the number of slots at run time. Scaling up starts the new
 * slots (a slot scaled away earlier comes back with its next generation, so a process is never
 * confused with one that ran before). Scaling down takes the highest slots out of the cluster:
 * no new connection goes to them, their workers drain (TERM, KILL after the grace period), and
 * they leave the slot table once their workers have exited. Slots are never renumbered.
 */
final class Scaler {

  private final Supervisor supervisor;

  Scaler(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /** Handles ScaleRequested. */
  void scale(int workers, long nowNanos, List<Action> out) {
    int now = supervisor.activeSlots().size();
    String refused = refusal(workers);
    if (refused != null) {
      out.add(new Action.ScaleDone(false, now, now, refused));
      return;
    }
    List<Slot> slots = supervisor.allSlots();
    if (workers > now) {
      for (int index = now; index < workers; index++) {
        if (index == slots.size()) {
          slots.add(new Slot(index));
        }
        Slot slot = slots.get(index);
        slot.activate();
        slot.release(supervisor.latestRelease());
        supervisor.booter().startSlot(slot, nowNanos, out);
      }
      out.add(new Action.ScaleDone(true, now, workers, "scaling up from " + now + " to " + workers
          + ": starting " + range(now, workers)));
    } else if (workers < now) {
      for (int index = now - 1; index >= workers; index--) {
        Slot slot = slots.get(index);
        slot.deactivate();
        for (Worker worker : slot.live()) {
          supervisor.stopper().drain(worker, nowNanos, "scaled down to " + workers, out);
          out.add(new Action.Schedule(supervisor.graceNanos(),
              new Event.DrainTimeout(worker.slot(), worker.gen())));
        }
      }
      out.add(new Action.ScaleDone(true, now, workers, "scaling down from " + now + " to " + workers
          + ": draining " + range(workers, now)));
    } else {
      out.add(new Action.ScaleDone(true, now, workers, "already " + workers
          + (workers == 1 ? " worker" : " workers")));
    }
  }

  private String refusal(int workers) {
    if (workers < 1) {
      return "workers must be >= 1, was " + workers;
    }
    if (workers > supervisor.maxWorkers()) {
      return "not scaling to " + workers + ": the ceiling is " + supervisor.maxWorkers()
          + " workers on this machine (-max-workers N raises it)";
    }
    if (supervisor.stopping()) {
      return "not scaling: the cluster is stopping";
    }
    if (!supervisor.firstBootDone()) {
      return "not scaling: the cluster is still starting";
    }
    if (supervisor.roller().busy()) {
      return "not scaling: a reload is running";
    }
    return null;
  }

  private static String range(int from, int to) {
    return to - from == 1 ? "slot " + from : "slots " + from + ".." + (to - 1);
  }
}

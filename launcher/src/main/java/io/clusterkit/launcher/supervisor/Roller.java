package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How the {@link Supervisor} replaces READY workers without failing a request, one slot at a
 * time: start the replacement beside the old worker; once it is READY, route to it, then drain
 * the old one (TERM, KILL after the grace period); once the old one has exited, the next slot.
 * A rolling reload rolls every slot; a recycle (a worker past its memory ceiling or its request
 * count) and a restart (asked for by the operator) roll one. A replacement that exits before
 * READY aborts: the old worker, still READY and routed, becomes its slot's worker again, and a
 * reload stops there (slots already rolled keep the new code). With spares, a reload is a surge
 * reload: its replacements are spares of its code, booted ahead of the steps, and the next slot
 * begins as soon as the previous replacement is READY, while the old worker drains.
 */
final class Roller {

  /** Why a slot is rolled. */
  private enum Kind { RELOAD, RECYCLE, RESTART }

  /** One slot to roll: why, and which code its replacement runs. */
  private record Step(int slot, String reason, Kind kind, int release) {

    boolean reload() {
      return kind == Kind.RELOAD;
    }
  }

  private int releaseBefore;

  private final Supervisor supervisor;
  private final ArrayDeque<Step> queue = new ArrayDeque<>();
  private Step step;
  /** The worker the step replaces, for its restart's result: kept after it has exited. */
  private Worker replaced;
  private Worker previous;
  private Worker replacement;
  private boolean reloading;
  private int reloadRelease;
  private final List<Integer> rolled = new ArrayList<>();

  Roller(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /** @return whether a reload is running */
  boolean reloading() {
    return reloading;
  }

  /** @return the code the running reload rolls onto (see {@link #reloading()}) */
  int reloadRelease() {
    return reloadRelease;
  }

  /** @return how many slots the running reload has yet to begin rolling, 0 when none runs */
  int stepsLeft() {
    return reloading ? (int) queue.stream().filter(Step::reload).count() : 0;
  }

  /**
   * A spare started for the running reload failed to boot: the reload stops there, as when a
   * replacement fails to become READY (a slot being rolled finishes its step; no other begins).
   *
   * @param release the code the spare ran
   * @param why what happened, for the reload's result
   */
  void spareFailed(int release, String why, long nowNanos, List<Action> out) {
    if (!reloading || release != reloadRelease) {
      return;
    }
    queue.removeIf(Step::reload);
    reloading = false;
    out.add(new Action.ReloadDone(Action.ReloadDone.Outcome.ABORTED, rolled,
        "reload aborted after " + slots(rolled.size()) + ": " + why));
  }

  /** @return whether a reload or recycle is running or waiting */
  boolean busy() {
    return step != null || !queue.isEmpty();
  }

  /** Handles ReloadRequested: queues every active slot, in order. */
  void reload(int release, long nowNanos, List<Action> out) {
    if (supervisor.stopping()) {
      out.add(new Action.ReloadDone(Action.ReloadDone.Outcome.REFUSED, List.of(),
          "not reloading: the cluster is stopping"));
      return;
    }
    if (reloading) {
      out.add(new Action.ReloadDone(Action.ReloadDone.Outcome.REFUSED, List.of(),
          "not reloading: a reload is already running"));
      return;
    }
    reloading = true;
    reloadRelease = release;
    supervisor.sparePool().revive();
    rolled.clear();
    for (Slot slot : supervisor.allSlots()) {
      if (slot.active()) {
        // a reload rolls the slot anyway; a restart that was asked for still runs and answers
        queue.removeIf(queued -> queued.slot() == slot.index() && queued.kind() != Kind.RESTART);
        queue.add(new Step(slot.index(), "reload", Kind.RELOAD, release));
      }
    }
    // the new code's spares boot side by side (-reload-surge) before the first step takes one
    supervisor.reconcileSpares(nowNanos, out);
    next(nowNanos, out);
  }

  /** Handles Recycle: queues one READY worker's slot, unless it is being rolled already. */
  void recycle(Slot slot, Worker worker, String reason, long nowNanos, List<Action> out) {
    if (supervisor.stopping() || worker != slot.current()
        || worker.state() != WorkerState.READY || !slot.active()
        || (step != null && step.slot() == slot.index())
        || queue.stream().anyMatch(queued -> queued.slot() == slot.index())) {
      return;
    }
    out.add(Supervisor.note(worker, reason + ": replacing it drain-first"));
    queue.add(new Step(slot.index(), reason, Kind.RECYCLE, worker.release()));
    next(nowNanos, out);
  }

  /**
   * Handles RestartRequested: queues one slot's drain-first replacement, or answers at once why
   * not (the cluster is stopping or still starting, a reload runs, the slot is being replaced
   * already, or it is not one of the cluster's slots).
   */
  void restart(int index, long nowNanos, List<Action> out) {
    List<Slot> slots = supervisor.allSlots();
    Slot slot = index >= 0 && index < slots.size() ? slots.get(index) : null;
    String refused = null;
    if (slot == null || !slot.active()) {
      int n = supervisor.activeSlots().size();
      out.add(RestartOutcomes.of(Action.RestartDone.Outcome.UNKNOWN_SLOT, index, null, null,
          "slot " + index + " is not one of the cluster's slots (0.." + (n - 1) + ")"));
      return;
    } else if (supervisor.stopping()) {
      refused = "the cluster is stopping";
    } else if (!supervisor.firstBootDone()) {
      refused = "the cluster is still starting";
    } else if (reloading) {
      refused = "a reload is running";
    } else if (step != null && step.slot() == index) {
      refused = "slot " + index + " is being replaced already (" + step.reason() + ")";
    } else if (queue.stream().anyMatch(queued -> queued.slot() == index)) {
      refused = "slot " + index + " is waiting to be replaced already";
    }
    if (refused != null) {
      out.add(RestartOutcomes.of(Action.RestartDone.Outcome.REFUSED, index, slot.current(), null,
          "not restarting slot " + index + ": " + refused));
      return;
    }
    queue.add(new Step(index, RestartOutcomes.REASON, Kind.RESTART, slot.release()));
    next(nowNanos, out);
  }

  /** Called once a worker is READY and routed: the replacement of the slot being rolled? */
  void ready(Worker worker, long nowNanos, List<Action> out) {
    if (step == null || worker != replacement) {
      return;
    }
    if (previous != null && previous.live()) {
      supervisor.stopper().drain(previous, nowNanos, step.reason() + ": replaced by gen "
          + worker.gen(), out);
      out.add(new Action.Schedule(supervisor.graceNanos(),
          new Event.DrainTimeout(previous.slot(), previous.gen())));
      if (step.reload() && supervisor.sparePool().active()) {
        // a surge reload: the old worker drains on its own, the next slot's spare is booted
        // already, and every slot keeps a READY worker throughout
        finishStep(nowNanos, out);
      }
    } else {
      finishStep(nowNanos, out);
    }
  }

  /**
   * Called when a live worker has exited, before the exit is classified.
   *
   * @param from the state it left
   * @return true when the exit is handled here (an aborted roll gave the slot its old worker
   *     back): the slot needs no replacement
   */
  boolean exited(Slot slot, Worker worker, WorkerState from, String what, long nowNanos,
      List<Action> out) {
    if (step == null || slot.index() != step.slot()) {
      return false;
    }
    if (worker == previous) {
      previous = null;
      if (replacement.state() != WorkerState.STARTING) {
        finishStep(nowNanos, out);
      }
      return false;
    }
    if (worker != replacement || from != WorkerState.STARTING) {
      return false;
    }
    boolean restored = previous != null && previous.live() && !previous.planned()
        && previous.state() == WorkerState.READY;
    if (restored) {
      slot.restore(previous);
      out.add(Supervisor.note(previous, "gen " + worker.gen() + " failed to become READY ("
          + what + "): gen " + previous.gen() + " keeps serving"));
    } else {
      slot.release(releaseBefore);
    }
    abort(worker + " failed to become READY: " + what, out);
    next(nowNanos, out);
    return restored;
  }

  /** The cluster is stopping: no more rolling. */
  void cancel(List<Action> out) {
    if (step != null && step.kind() == Kind.RESTART) {
      out.add(RestartOutcomes.of(Action.RestartDone.Outcome.FAILED, step.slot(), replaced,
          replacement, "restart of slot " + step.slot() + " cancelled: the cluster is stopping"));
    }
    for (Step queued : queue) {
      if (queued.kind() == Kind.RESTART) {
        out.add(RestartOutcomes.of(Action.RestartDone.Outcome.FAILED, queued.slot(), null, null,
            "restart of slot " + queued.slot() + " cancelled: the cluster is stopping"));
      }
    }
    queue.clear();
    step = null;
    replaced = null;
    previous = null;
    replacement = null;
    if (reloading) {
      reloading = false;
      out.add(new Action.ReloadDone(Action.ReloadDone.Outcome.CANCELLED, rolled,
          "reload cancelled after " + slots(rolled.size()) + ": the cluster is stopping"));
    }
  }

  private void next(long nowNanos, List<Action> out) {
    while (step == null && !queue.isEmpty()) {
      Step candidate = queue.poll();
      Slot slot = supervisor.allSlots().get(candidate.slot());
      if (!slot.active() || supervisor.stopping()) {
        if (candidate.kind() == Kind.RESTART) {
          out.add(RestartOutcomes.of(Action.RestartDone.Outcome.FAILED, candidate.slot(), null,
              null, "restart of slot " + candidate.slot() + " dropped: the slot is gone"));
        }
        continue;
      }
      begin(candidate, slot, nowNanos, out);
    }
    if (step == null && reloading) {
      reloading = false;
      supervisor.latestRelease(reloadRelease);
      out.add(new Action.ReloadDone(Action.ReloadDone.Outcome.DONE, rolled,
          "reload done: " + slots(rolled.size()) + " rolled"));
    }
  }

  private void begin(Step next, Slot slot, long nowNanos, List<Action> out) {
    Worker current = slot.current();
    if (slot.failed()) {
      slot.revive();
    }
    slot.cancelRespawn();
    boolean serving = current != null && current.state() == WorkerState.READY
        && !current.planned();
    if (!serving && current != null && current.live() && !current.planned()) {
      // still booting, or never came up: nothing to keep serving, start over on the new code
      supervisor.stopper().drain(current, nowNanos, next.reason() + ": replaced before READY",
          out);
      out.add(new Action.Schedule(supervisor.graceNanos(),
          new Event.DrainTimeout(current.slot(), current.gen())));
    }
    step = next;
    releaseBefore = slot.release();
    replaced = current;
    previous = serving ? current : null;
    replacement = supervisor.booter().spawnIn(slot, next.release(), nowNanos, out);
    out.add(Supervisor.note(replacement, next.reason() + ": replacing "
        + (serving ? "gen " + current.gen() : "the slot") + (next.reload()
        ? " (release " + next.release() + ")" : "")));
  }

  private void finishStep(long nowNanos, List<Action> out) {
    if (step.reload()) {
      rolled.add(step.slot());
    } else if (step.kind() == Kind.RESTART) {
      out.add(RestartOutcomes.done(step.slot(), replaced, replacement));
    }
    step = null;
    replaced = null;
    previous = null;
    replacement = null;
    next(nowNanos, out);
  }

  private void abort(String why, List<Action> out) {
    boolean wasReload = step.reload();
    if (step.kind() == Kind.RESTART) {
      Worker serving = supervisor.allSlots().get(step.slot()).current();
      out.add(RestartOutcomes.of(Action.RestartDone.Outcome.FAILED, step.slot(), replaced,
          replacement, "restart of slot " + step.slot() + " failed: " + why
          + (serving != null && serving.state() == WorkerState.READY
          ? "; gen " + serving.gen() + " keeps serving" : "")));
    }
    step = null;
    replaced = null;
    previous = null;
    replacement = null;
    if (wasReload) {
      queue.removeIf(Step::reload);
      reloading = false;
      out.add(new Action.ReloadDone(Action.ReloadDone.Outcome.ABORTED, rolled,
          "reload aborted after " + slots(rolled.size()) + ": " + why));
    }
  }

  private static String slots(int n) {
    return n + (n == 1 ? " slot" : " slots");
  }
}

package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import java.util.List;

/**
 * The boot path of a worker, for the {@link Supervisor}: a new worker in a slot (a bound spare,
 * else a new JVM) with its boot timeout, its pid once known (with a signal decided before it),
 * its READY, and the respawn of a slot after its backoff.
 */
final class Booter {

  private final Supervisor supervisor;
  private final SparePool spares;
  private final long bootTimeoutNanos;

  Booter(Supervisor supervisor, SparePool spares, long bootTimeoutNanos) {
    this.supervisor = supervisor;
    this.spares = spares;
    this.bootTimeoutNanos = bootTimeoutNanos;
  }

  /** Starts a new current worker in slot, running the slot's release. */
  void spawn(Slot slot, long nowNanos, List<Action> out) {
    spawnIn(slot, slot.release(), nowNanos, out);
  }

  /** Starts a new current worker in slot running release; a live one there keeps running. */
  Worker spawnIn(Slot slot, int release, long nowNanos, List<Action> out) {
    Worker worker = slot.spawn(release, nowNanos);
    Spare spare = spares.take(release);
    if (spare == null) {
      out.add(new Action.Spawn(worker.slot(), worker.gen(), worker.release()));
    } else {
      spares.bind(spare, worker);
      out.add(new Action.Assign(spare.id(), worker.slot(), worker.gen(), release));
      if (spare.pid() >= 0) {
        worker.pid(spare.pid());
      }
      out.add(Supervisor.note(worker, "given " + spare
          + (spare.waiting() ? ", booted and waiting" : ", still booting")));
    }
    out.add(new Action.Schedule(bootTimeoutNanos,
        new Event.BootTimeout(worker.slot(), worker.gen())));
    return worker;
  }

  /** Records a worker's pid, and sends it a signal decided before the pid was known. */
  void spawned(Worker worker, long pid, List<Action> out) {
    if (!worker.live()) {
      return;
    }
    worker.pid(pid);
    Sig pending = worker.takePendingSignal();
    if (pending != null) {
      out.add(new Action.Signal(worker.slot(), worker.gen(), pid, pending));
    }
  }

  /** Takes a STARTING worker to READY, and the cluster to ready once every slot was. */
  void ready(Worker worker, long nowNanos, List<Action> out) {
    if (worker.state() != WorkerState.STARTING) {
      // READY reports travel at least once (the worker retries until the launcher replies): a
      // repeat, or one overtaken by a stop, changes nothing
      return;
    }
    if (worker.planned()) {
      out.add(Supervisor.note(worker, "READY ignored: it is being stopped"));
      return;
    }
    long spent = worker.moveTo(WorkerState.READY, nowNanos);
    out.add(new Action.SetRoutable(worker.slot(), worker.gen(), true));
    out.add(Supervisor.transition(worker, WorkerState.STARTING, spent, ""));
    supervisor.slotAt(worker.slot()).markReady();
    if (!supervisor.firstBootDone()
        && supervisor.activeSlots().stream().allMatch(Slot::everReady)) {
      supervisor.markFirstBootDone();
      out.add(new Action.ClusterReady());
    }
    supervisor.roller().ready(worker, nowNanos, out);
  }

  /** Spawns into a slot whose backoff is over, unless the timer is stale. */
  void respawn(Slot slot, int gen, long nowNanos, List<Action> out) {
    if (supervisor.stopping() || slot.state() != SlotState.BACKOFF
        || slot.awaitingGen() != gen) {
      return; // stale timer
    }
    spawn(slot, nowNanos, out);
  }

  /** Starts a slot that was added or re-added by a scale up. */
  void startSlot(Slot slot, long nowNanos, List<Action> out) {
    spawn(slot, nowNanos, out);
  }

  /** Schedules the slot's next worker after delayNanos of backoff. */
  void scheduleRespawn(Slot slot, long delayNanos, List<Action> out) {
    int gen = slot.nextGen();
    slot.awaitRespawn(gen);
    out.add(new Action.Schedule(delayNanos, new Event.RespawnDue(slot.index(), gen)));
  }
}

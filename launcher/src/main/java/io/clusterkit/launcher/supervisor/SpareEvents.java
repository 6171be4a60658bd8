package io.clusterkit.launcher.supervisor;

import java.util.List;

/**
 * How the {@link Supervisor} handles the events of spare processes: those of a spare still in
 * the {@link SparePool} go to the pool; those of a spare given a slot are that slot's worker's
 * (its pid, its exit); an unexpected exit while booting stops a reload running its code.
 */
final class SpareEvents {

  private final Supervisor supervisor;
  private final SparePool pool;

  SpareEvents(Supervisor supervisor, SparePool pool) {
    this.supervisor = supervisor;
    this.pool = pool;
  }

  /** Handles an event about a spare: one still in the pool, or one that became a worker. */
  void on(Event event, long nowNanos, List<Action> out) {
    if (event instanceof Event.SpareDue due) {
      pool.due(due.token());
      return;
    } else if (event instanceof Event.SpareDelayOver over) {
      pool.delayOver(over.token());
      return;
    }
    int id = spareId(event);
    Worker worker = pool.boundWorker(id);
    if (worker != null) {
      // given a slot: it is that worker now, whose own READY and boot timeout rule it
      if (!worker.live()) {
        return;
      }
      Slot slot = supervisor.slotAt(worker.slot());
      if (event instanceof Event.SpareSpawned spawned) {
        supervisor.booter().spawned(worker, spawned.pid(), out);
      } else if (event instanceof Event.SpareExited exited) {
        supervisor.exitHandler().exited(slot, worker, exited.status(),
            exited.status().describe(), nowNanos, out);
      } else if (event instanceof Event.SpareSpawnFailed failed) {
        supervisor.exitHandler().exited(slot, worker, null, "spawn failed: " + failed.reason(),
            nowNanos, out);
      }
      return;
    }
    Spare spare = pool.find(id);
    if (spare == null || supervisor.halted()) {
      if (spare != null && event instanceof Event.SpareSpawned spawned) {
        pool.spawned(spare, spawned.pid(), out); // deliver the KILL of the halt
      }
      return; // stale
    }
    if (event instanceof Event.SpareSpawned spawned) {
      pool.spawned(spare, spawned.pid(), out);
    } else if (event instanceof Event.SpareWaiting) {
      pool.waiting(spare, nowNanos, out);
    } else if (event instanceof Event.SpareBootTimeout) {
      pool.bootTimeout(spare, out);
    } else if (event instanceof Event.SpareExited exited) {
      spareGone(spare, exited.status().describe(), nowNanos, out);
    } else if (event instanceof Event.SpareSpawnFailed failed) {
      spareGone(spare, "spawn failed: " + failed.reason(), nowNanos, out);
    }
  }

  private void spareGone(Spare spare, String what, long nowNanos, List<Action> out) {
    boolean failed = pool.exited(spare, what, nowNanos, out);
    if (supervisor.stopping()) {
      supervisor.stopper().finishIfAllExited(spare.toString(), out);
    } else if (failed && !spare.waiting()) {
      supervisor.roller().spareFailed(spare.release(), spare + " failed to boot: " + what,
          nowNanos, out);
    }
  }

  private static int spareId(Event event) {
    if (event instanceof Event.SpareSpawned e) {
      return e.spare();
    } else if (event instanceof Event.SpareSpawnFailed e) {
      return e.spare();
    } else if (event instanceof Event.SpareWaiting e) {
      return e.spare();
    } else if (event instanceof Event.SpareExited e) {
      return e.spare();
    } else if (event instanceof Event.SpareBootTimeout e) {
      return e.spare();
    }
    throw new IllegalArgumentException("not an event about a spare: " + event);
  }
}

package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker slot: its current worker, any older generations still leaving (a rolling reload
 * starts gen N+1 while gen N drains), and its restart bookkeeping. Workers are found by
 * generation, never by "the process of the slot".
 */
final class Slot {

  private final int index;
  private Worker current;
  /** The highest generation ever spawned: a generation is never given twice, even after a
   * replacement that failed gave the slot its older worker back. */
  private int lastGen;
  private final List<Worker> retiring = new ArrayList<>();
  /** When each early exit in a row (still counted by the restart window) happened. */
  private final ArrayDeque<Long> earlyExits = new ArrayDeque<>();
  private int restarts;
  private boolean everReady;
  private boolean failed;
  private long failedSinceNanos;
  private int awaitingGen;
  private int release;
  private boolean active = true;

  Slot(int index) {
    this.index = index;
  }

  int index() {
    return index;
  }

  Worker current() {
    return current;
  }

  /** @return the generation the next spawn gets */
  int nextGen() {
    return lastGen + 1;
  }

  /**
   * Makes a new current worker; a live previous one keeps running as a retiring worker.
   *
   * @return the new worker, STARTING
   */
  Worker spawn(long nowNanos) {
    return spawn(release, nowNanos);
  }

  /**
   * Makes a new current worker running code of release; a live previous one keeps running as a
   * retiring worker. Later respawns of the slot run that release too.
   *
   * @return the new worker, STARTING
   */
  Worker spawn(int release, long nowNanos) {
    if (current != null && current.live()) {
      retiring.add(current);
    }
    if (current != null) {
      restarts++;
    }
    this.release = release;
    current = new Worker(index, ++lastGen, release, nowNanos);
    awaitingGen = 0;
    return current;
  }

  /**
   * Makes a retiring worker current again, when its replacement failed to boot: the slot keeps
   * the worker that was serving, and its code.
   *
   * @param previous a live retiring worker of this slot
   */
  void restore(Worker previous) {
    if (!retiring.remove(previous)) {
      throw new IllegalStateException(this + ": " + previous + " is not retiring");
    }
    current = previous;
    release = previous.release();
  }

  /** @return the code the slot's next spawn runs */
  int release() {
    return release;
  }

  /** Makes the slot's next spawn run release (it was in backoff, or FAILED, at a reload). */
  void release(int release) {
    this.release = release;
  }

  /** @return whether the slot is part of the cluster: not scaled away */
  boolean active() {
    return active;
  }

  /** Takes the slot out of the cluster (scale down); its workers are drained by the caller. */
  void deactivate() {
    active = false;
    awaitingGen = 0;
  }

  /** Puts the slot back into the cluster (scale up), with a clean restart history. */
  void activate() {
    active = true;
    failed = false;
    earlyExits.clear();
    everReady = false;
  }

  /** Gives a FAILED slot another chance (a reload may bring code that works). */
  void revive() {
    failed = false;
    earlyExits.clear();
  }

  /** @return the worker of that generation, or null when it is unknown or superseded and gone */
  Worker find(int gen) {
    if (current != null && current.gen() == gen) {
      return current;
    }
    for (Worker w : retiring) {
      if (w.gen() == gen) {
        return w;
      }
    }
    return null;
  }

  /** Drops a worker that has exited, unless it is the current one (which the view still shows). */
  void exited(Worker worker) {
    retiring.remove(worker);
  }

  /** @return every worker of the slot whose process may still be running, oldest first */
  List<Worker> live() {
    List<Worker> live = new ArrayList<>(retiring);
    if (current != null && current.live()) {
      live.add(current);
    }
    return live;
  }

  /**
   * Counts one more early exit in a row, forgetting those older than the window.
   *
   * @param windowNanos how far back early exits count, 0 for no limit
   * @return the early exits in a row that still count, this one included
   */
  int countEarlyExit(long nowNanos, long windowNanos) {
    earlyExits.addLast(nowNanos);
    while (windowNanos > 0 && nowNanos - earlyExits.peekFirst() > windowNanos) {
      earlyExits.removeFirst();
    }
    return earlyExits.size();
  }

  void resetEarlyExits() {
    earlyExits.clear();
  }

  int restarts() {
    return restarts;
  }

  boolean everReady() {
    return everReady;
  }

  void markReady() {
    everReady = true;
  }

  boolean failed() {
    return failed;
  }

  void fail(long nowNanos) {
    failed = true;
    failedSinceNanos = nowNanos;
    awaitingGen = 0;
  }

  /** @return the generation a pending respawn will spawn, or 0 when none is pending */
  int awaitingGen() {
    return awaitingGen;
  }

  void awaitRespawn(int gen) {
    awaitingGen = gen;
  }

  void cancelRespawn() {
    awaitingGen = 0;
  }

  SlotState state() {
    if (failed) {
      return SlotState.FAILED;
    }
    if (awaitingGen > 0) {
      return SlotState.BACKOFF;
    }
    return current != null && current.live() ? SlotState.ACTIVE : SlotState.STOPPED;
  }

  SlotView view() {
    boolean ready = current.state() == WorkerState.READY;
    return new SlotView(index, current.gen(), current.live() ? current.pid() : -1,
        failed ? WorkerState.FAILED : current.state(), restarts,
        failed ? failedSinceNanos : current.stateSinceNanos(),
        ready ? current.readySinceNanos() : -1);
  }

  @Override
  public String toString() {
    return "slot " + index;
  }
}

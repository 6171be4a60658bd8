package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;

/**
 * One worker process as the supervisor models it: its identity (slot, generation, pid), its
 * state, why it is being stopped (recorded before any signal, so its exit is classified right),
 * and a signal waiting for its pid. Mutable; owned by one {@link Slot}.
 */
final class Worker {

  /** Why the supervisor wants a worker gone; NONE means any exit is a crash. */
  enum Intent {
    /** Nobody asked it to leave. */
    NONE,
    /** Stopped by the supervisor (cluster stop, or the rest of the cluster failing to boot). */
    STOP
  }

  private final int slot;
  private final int gen;
  private final int release;
  private long pid = -1;
  private WorkerState state = WorkerState.STARTING;
  private Intent intent = Intent.NONE;
  private long stateSinceNanos;
  private long readySinceNanos = -1;
  private Sig pendingSignal;
  private String killReason;

  Worker(int slot, int gen, long nowNanos) {
    this(slot, gen, 0, nowNanos);
  }

  Worker(int slot, int gen, int release, long nowNanos) {
    this.slot = slot;
    this.gen = gen;
    this.release = release;
    this.stateSinceNanos = nowNanos;
  }

  int slot() {
    return slot;
  }

  int gen() {
    return gen;
  }

  /** @return which code the worker runs (see {@link Action.Spawn#release()}) */
  int release() {
    return release;
  }

  long pid() {
    return pid;
  }

  void pid(long pid) {
    if (this.pid >= 0) {
      throw new IllegalStateException(this + ": pid already known (" + this.pid
          + "), reported again as " + pid);
    }
    this.pid = pid;
  }

  WorkerState state() {
    return state;
  }

  boolean live() {
    return state.live();
  }

  void intend(Intent intent) {
    this.intent = intent;
  }

  boolean planned() {
    return intent != Intent.NONE;
  }

  long stateSinceNanos() {
    return stateSinceNanos;
  }

  /** @return when it became READY, -1 if it never did; kept after it left READY */
  long readySinceNanos() {
    return readySinceNanos;
  }

  /**
   * Moves to another state.
   *
   * @return the nanoseconds spent in the previous state
   * @throws IllegalStateException when {@link WorkerState#canMoveTo} forbids it
   */
  long moveTo(WorkerState to, long nowNanos) {
    if (!state.canMoveTo(to)) {
      throw new IllegalStateException(this + ": " + state + " -> " + to + " is not allowed");
    }
    long spent = nowNanos - stateSinceNanos;
    state = to;
    stateSinceNanos = nowNanos;
    if (to == WorkerState.READY) {
      readySinceNanos = nowNanos;
    }
    return spent;
  }

  /** Remembers a signal to send once the pid is known; KILL wins over TERM. */
  void pend(Sig sig) {
    if (pendingSignal != Sig.KILL) {
      pendingSignal = sig;
    }
  }

  Sig takePendingSignal() {
    Sig sig = pendingSignal;
    pendingSignal = null;
    return sig;
  }

  String killReason() {
    return killReason;
  }

  void killReason(String reason) {
    this.killReason = reason;
  }

  @Override
  public String toString() {
    return "slot " + slot + " gen " + gen;
  }
}

package io.clusterkit.launcher.supervisor;

/**
 * One spare worker process as the supervisor models it: a JVM started without a slot, which
 * boots, joins the cluster, loads the application's classes and then waits to be given a slot.
 * Mutable; owned by the {@link SparePool}. Once given a slot it becomes that slot's
 * {@link Worker} and leaves the pool.
 */
final class Spare {

  private final int id;
  private final int release;
  private long pid = -1;
  private boolean waiting;
  private boolean retiring;
  private final long startedNanos;
  private long sinceNanos;
  private Sig pendingSignal;

  Spare(int id, int release, long nowNanos) {
    this.id = id;
    this.release = release;
    this.startedNanos = nowNanos;
    this.sinceNanos = nowNanos;
  }

  /** @return when the supervisor decided to start it */
  long startedNanos() {
    return startedNanos;
  }

  int id() {
    return id;
  }

  /** @return which code the spare runs (see {@link Action.Spawn#release()}) */
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

  /** @return whether it has reported that it is booted and waits for a slot */
  boolean waiting() {
    return waiting;
  }

  /** Records that it is booted and waits for a slot. */
  void waitingSince(long nowNanos) {
    waiting = true;
    sinceNanos = nowNanos;
  }

  /** @return when it was started, or when it began to wait */
  long sinceNanos() {
    return sinceNanos;
  }

  /** @return whether the supervisor asked it to leave: its exit is planned */
  boolean retiring() {
    return retiring;
  }

  /** Records that it is asked to leave, before the signal that asks it. */
  void retire() {
    retiring = true;
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

  @Override
  public String toString() {
    return "spare " + id;
  }
}

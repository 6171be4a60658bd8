package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import java.util.List;

/**
 * The {@code -spare-delay} rule of the {@link SparePool}: no spare boots in the background while
 * a worker is young, that is still starting or READY for less than the delay. A worker that has
 * just taken its slot runs its code in the interpreter and compiles it; a JVM booting and warming
 * up beside it takes one of a small machine's cores from it (on 2 cores its first 10 s ran at
 * 0.69x of the steady state that way, against 0.90x with no spare booting after it). So the
 * pool's refills wait until the youngest worker has served for the delay, and a timer wakes the
 * supervisor then. What a slot needs now (a process for a crash with no spare, a reload's surge
 * spares) never waits: the pool asks this rule only about its background boots.
 */
final class SpareDelay {

  private final Supervisor supervisor;
  private final long delayNanos;
  /** The worker the current wait is for, null when the pool waits for nothing. */
  private Worker youngest;
  /** Whether that worker is still starting: no time is known for the end of the wait yet. */
  private boolean starting;
  /** When it will have served for the delay, unless it is still starting. */
  private long untilNanos;
  /** The pending timer's token, 0 when none is pending. */
  private int wakeToken;
  private long wakeAtNanos;
  private int lastToken;

  SpareDelay(Supervisor supervisor, long delayNanos) {
    this.supervisor = supervisor;
    this.delayNanos = delayNanos;
  }

  /** @return whether spares wait for young workers at all (a delay above 0) */
  boolean active() {
    return delayNanos > 0;
  }

  /**
   * Says whether the pool's background boots must wait now; the first time a wait begins it
   * says why in the log (once, on the worker it waits for), and it schedules a
   * {@link Event.SpareDelayOver} for when the youngest worker will have served for the delay
   * (none while that worker is still starting: its READY wakes the supervisor).
   *
   * @return true while any serving worker is younger than the delay
   */
  boolean holds(long nowNanos, List<Action> out) {
    Worker young = null;
    long remaining = 0; // of the youngest READY worker's delay; -1 for one still starting
    if (active()) {
      search:
      for (Slot slot : supervisor.activeSlots()) {
        for (Worker worker : slot.live()) {
          if (worker.planned()) {
            continue; // leaving: it takes no new connection
          }
          if (worker.state() == WorkerState.STARTING) {
            young = worker; // nothing is younger than a worker that does not serve yet
            remaining = -1;
            break search;
          }
          long left = delayNanos - (nowNanos - worker.readySinceNanos());
          if (worker.state() == WorkerState.READY && left > 0 && left > remaining) {
            young = worker;
            remaining = left;
          }
        }
      }
    }
    if (young == null) {
      idle();
      return false;
    }
    if (youngest == null) {
      out.add(Supervisor.note(young, "the next spare waits until every serving worker has "
          + "served -spare-delay " + Supervisor.format(delayNanos) + ": this one "
          + (remaining < 0 ? "is still starting" : "has served "
          + (delayNanos - remaining) / 1_000_000 + " ms") + ", and a JVM booting beside it "
          + "would take the CPU it compiles its code with"));
    }
    youngest = young;
    starting = remaining < 0;
    untilNanos = starting ? nowNanos : nowNanos + remaining;
    if (remaining > 0 && (wakeToken == 0 || wakeAtNanos - untilNanos > 0)) {
      wakeToken = ++lastToken;
      wakeAtNanos = untilNanos;
      out.add(new Action.Schedule(remaining, new Event.SpareDelayOver(wakeToken)));
    }
    return true;
  }

  /** Records that the pool waits for nothing now (it is full, stopping or in a backoff). */
  void idle() {
    youngest = null;
    starting = false;
  }

  /** Handles SpareDelayOver: the timer it names has fired. */
  void due(int token) {
    if (token == wakeToken) {
      wakeToken = 0;
    }
  }

  /**
   * Describes the current wait, for status.
   *
   * @return the wait, or null when no spare waits for a young worker
   */
  SpareHoldView view() {
    return youngest == null ? null : new SpareHoldView(youngest.slot(), youngest.gen(),
        starting, untilNanos, delayNanos);
  }
}

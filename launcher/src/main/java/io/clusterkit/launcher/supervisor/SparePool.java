package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the {@link Supervisor} keeps spare worker processes: JVMs started without a slot that
 * boot, join the cluster and wait, so that a slot needing a process (a crash, a health or memory
 * replacement, a scale up, a step of a reload) gets one that is already booted. After every event
 * the pool is reconciled with what the cluster wants: none before the first boot is done or once
 * it stops; spares of the code new workers run, and no other; {@code -spares} of them, more
 * during a reload ({@code -reload-surge}). A spare that exits unexpectedly is replaced after the
 * restart policy's backoff; past {@code -max-restarts} failures in a row no more are started
 * until a reload. A spare given a slot leaves the pool and becomes that slot's {@link Worker};
 * its replacement starts once that worker is READY, not beside its deploy, and with
 * {@code -spare-delay} once every serving worker has served that long ({@link SpareDelay}).
 */
final class SparePool {

  private final Supervisor supervisor;
  private final int target;
  private final int surge;
  private final SpareDelay delay;
  private final List<Spare> spares = new ArrayList<>();
  /** Spares given a slot, by number, while their process may still report as a spare's. */
  private final Map<Integer, Worker> bound = new HashMap<>();
  private int lastId;
  private int failuresInARow;
  private boolean givenUp;
  /** The pending backoff's token, 0 when none is pending. */
  private int backoffToken;
  private int lastToken;

  SparePool(Supervisor supervisor, int target, int surge, long delayNanos) {
    this.supervisor = supervisor;
    this.target = target;
    this.surge = surge;
    this.delay = new SpareDelay(supervisor, delayNanos);
  }

  /** @return whether the cluster keeps spares at all (-spares above 0) */
  boolean active() {
    return target > 0;
  }

  /**
   * How many spares the cluster wants: -spares, and during a reload as many as the slots it
   * has yet to roll, up to -reload-surge.
   *
   * @param stepsLeft the slots a running reload has yet to give a process, 0 when none runs
   */
  int want(int stepsLeft) {
    return Math.max(target, Math.min(surge, stepsLeft));
  }

  /**
   * Takes a spare running release out of the pool for a slot: one that waits if there is one,
   * else the oldest still booting (it is further along than a process started now).
   *
   * @return the spare, or null when none runs that code
   */
  Spare take(int release) {
    Spare chosen = null;
    for (Spare spare : spares) {
      if (spare.release() == release && !spare.retiring()
          && (chosen == null || spare.waiting() && !chosen.waiting())) {
        chosen = spare;
      }
    }
    if (chosen != null) {
      spares.remove(chosen);
    }
    return chosen;
  }

  /** @return whether a spare running release waits, booted, for a slot */
  boolean hasWaiting(int release) {
    return spares.stream().anyMatch(s -> s.waiting() && !s.retiring() && s.release() == release);
  }

  /** Records that a spare taken by {@link #take(int)} is now worker. */
  void bind(Spare spare, Worker worker) {
    bound.values().removeIf(w -> !w.live());
    bound.put(spare.id(), worker);
  }

  /** @return the worker a spare became, or null when it has no slot (or is unknown) */
  Worker boundWorker(int id) {
    return bound.get(id);
  }

  /** @return the spare of that number still in the pool, or null */
  Spare find(int id) {
    for (Spare spare : spares) {
      if (spare.id() == id) {
        return spare;
      }
    }
    return null;
  }

  /** @return whether no spare process is left running */
  boolean isEmpty() {
    return spares.isEmpty();
  }

  List<SpareView> views() {
    List<SpareView> views = new ArrayList<>();
    for (Spare s : spares) {
      views.add(new SpareView(s.id(), s.pid(), s.release(), s.waiting(), s.retiring(),
          s.sinceNanos(), s.startedNanos()));
    }
    return List.copyOf(views);
  }

  void spawned(Spare spare, long pid, List<Action> out) {
    spare.pid(pid);
    Sig pending = spare.takePendingSignal();
    if (pending != null) {
      out.add(new Action.SignalSpare(spare.id(), pid, pending));
    }
  }

  void waiting(Spare spare, long nowNanos, List<Action> out) {
    if (spare.waiting()) {
      return; // reports travel at least once
    }
    spare.waitingSince(nowNanos);
    failuresInARow = 0;
    out.add(new Action.SpareNote(spare.id(), spare.pid(), "SPARE: booted, waiting for a slot, "
        + (nowNanos - spare.startedNanos()) / 1_000_000 + " ms after its start", false));
  }

  void bootTimeout(Spare spare, List<Action> out) {
    if (spare.waiting() || spare.retiring()) {
      return;
    }
    out.add(new Action.SpareNote(spare.id(), spare.pid(), "not booted within "
        + Supervisor.format(supervisor.policy().bootTimeoutNanos()) + ": killing it", true));
    signal(spare, Sig.KILL, out);
  }

  /**
   * Handles the end of a spare that has no slot: planned when it was retired, else replaced
   * after the restart policy's backoff.
   *
   * @return true when the exit was not asked for
   */
  boolean exited(Spare spare, String what, long nowNanos, List<Action> out) {
    spares.remove(spare);
    if (spare.retiring() || supervisor.stopping()) {
      out.add(new Action.SpareNote(spare.id(), spare.pid(), "exited (" + what + "), planned",
          false));
      return false;
    }
    failuresInARow++;
    RestartPolicy policy = supervisor.policy();
    if (policy.givesUp(failuresInARow)) {
      givenUp = true;
      out.add(new Action.SpareNote(spare.id(), spare.pid(), "exited (" + what + "), unexpected; "
          + failuresInARow + " spares in a row failed, -max-restarts " + policy.maxRestarts()
          + " exceeded: no more spares until a reload", true));
      return true;
    }
    long delay = policy.backoffNanos(failuresInARow);
    backoffToken = ++lastToken;
    out.add(new Action.SpareNote(spare.id(), spare.pid(), "exited (" + what + "), unexpected; "
        + "another spare in " + Supervisor.format(delay), true));
    out.add(new Action.Schedule(delay, new Event.SpareDue(backoffToken)));
    return true;
  }

  /** Handles SpareDue: the backoff it names is over. */
  void due(int token) {
    if (token == backoffToken) {
      backoffToken = 0;
    }
  }

  /** Gives spares another chance after they were given up (a reload may bring code that works). */
  void revive() {
    givenUp = false;
    failuresInARow = 0;
  }

  /**
   * Brings the pool to what the cluster wants now: retires every spare when it stops, and
   * spares of other code than release; starts spares of release up to want, but while a worker
   * is young ({@code -spare-delay}, see {@link SpareDelay}) only those needed now.
   *
   * @param release the code new workers run
   * @param want how many spares of it to keep
   * @param needNow how many of them a running reload needs for its next steps (its surge), which
   *     boot whatever the delay; 0 outside a reload
   * @param holdForPromotion start none while a spare given a slot deploys (outside a reload,
   *     whose surge boots side by side on purpose)
   */
  void reconcile(int release, int want, int needNow, boolean holdForPromotion, long nowNanos,
      List<Action> out) {
    if (target == 0) {
      return; // -spares 0: no spare ever, not even during a reload
    }
    boolean stopping = supervisor.stopping();
    for (Spare spare : List.copyOf(spares)) {
      if (!spare.retiring() && (stopping || spare.release() != release)) {
        retire(spare, stopping ? "the cluster is stopping"
            : "new workers run other code (release " + release + ")", out);
      }
    }
    // with a delay, a promotion still deploying is a young worker: the delay holds it
    if (stopping || givenUp || backoffToken != 0 || !supervisor.firstBootDone()
        || (holdForPromotion && !delay.active() && promotionRunning())) {
      delay.idle();
      return;
    }
    long have = spares.stream().filter(s -> !s.retiring()).count();
    long boot = want;
    if (have < want && delay.holds(nowNanos, out)) {
      boot = Math.min(want, needNow); // the rest waits until the youngest worker has served
    } else if (have >= want) {
      delay.idle();
    }
    for (long i = have; i < boot; i++) {
      Spare spare = new Spare(++lastId, release, nowNanos);
      spares.add(spare);
      out.add(new Action.SpawnSpare(spare.id(), release));
      out.add(new Action.Schedule(supervisor.policy().bootTimeoutNanos(),
          new Event.SpareBootTimeout(spare.id())));
    }
    for (long i = have; i > want; i--) {
      Spare surplus = spares.stream().filter(s -> !s.retiring()).reduce((a, b) -> b).orElseThrow();
      retire(surplus, "more spares than -spares " + target + " once the reload is over", out);
    }
  }

  /** @return how many spares a reload with stepsLeft slots to begin needs booted now */
  int needNow(int stepsLeft) {
    return Math.min(surge, stepsLeft);
  }

  /** Handles SpareDelayOver: the wait for a young worker may be over. */
  void delayOver(int token) {
    delay.due(token);
  }

  /** @return why the next spare's boot waits, or null when it does not */
  SpareHoldView hold() {
    return delay.view();
  }

  /**
   * Says whether a spare given a slot is still deploying there: a new spare's JVM boot would
   * take the CPU that promotion needs (on 2 cores, a boot beside a deploy made it 3x slower), so
   * the pool refills once the slot serves.
   */
  private boolean promotionRunning() {
    return bound.values().stream()
        .anyMatch(w -> w.state() == WorkerState.STARTING && !w.planned());
  }

  /** KILLs every spare left (a forced stop, or a halt). */
  void killAll(String why, List<Action> out) {
    for (Spare spare : spares) {
      spare.retire();
      out.add(new Action.SpareNote(spare.id(), spare.pid(), why + ": killing it", false));
      signal(spare, Sig.KILL, out);
    }
  }

  private void retire(Spare spare, String why, List<Action> out) {
    spare.retire();
    out.add(new Action.SpareNote(spare.id(), spare.pid(), why + ": stopping it", false));
    signal(spare, Sig.TERM, out);
  }

  private void signal(Spare spare, Sig sig, List<Action> out) {
    if (spare.pid() < 0) {
      spare.pend(sig);
    } else {
      out.add(new Action.SignalSpare(spare.id(), spare.pid(), sig));
    }
  }
}

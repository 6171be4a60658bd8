package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker supervisor as a pure state machine: each {@link Event} (a command, a process fact,
 * a timer) goes in with the time of a monotonic clock, and the {@link Action}s the runner must
 * carry out come back, in order. It does no IO, starts no thread and never reads a clock, so one
 * caller on one thread (the launcher's supervisor context) drives it, and tests drive it with a
 * fake clock.
 */
public final class Supervisor {

  private final RestartPolicy policy;
  private final ExitHandler exits = new ExitHandler(this);
  private final Stopper stopper = new Stopper(this);
  private final Roller roller = new Roller(this);
  private final Scaler scaler = new Scaler(this);
  private final SparePool spares;
  private final SpareEvents spareEvents;
  private final FaultHandler faults = new FaultHandler(this);
  private final Booter booter;
  private final long graceNanos;
  private final List<Slot> slots = new ArrayList<>();
  private boolean started;
  private boolean firstBootDone;
  private boolean stopping;
  private boolean forced;
  private boolean halted;
  private int latestRelease;
  private final int maxWorkers;

  /**
   * Creates a supervisor for options.getWorkers() slots, none started yet.
   *
   * @param options the slot count and the restart, boot and stop timings (copied)
   */
  public Supervisor(SupervisorOptions options) {
    SupervisorOptions copy = new SupervisorOptions(Objects.requireNonNull(options, "options"));
    this.policy = new RestartPolicy(copy.getRestartPolicy());
    this.graceNanos = copy.getGrace().toNanos();
    this.maxWorkers = copy.getMaxWorkers();
    this.spares = new SparePool(this, copy.getSpares(), copy.getReloadSurge(),
        copy.getSpareDelay().toNanos());
    this.spareEvents = new SpareEvents(this, spares);
    this.booter = new Booter(this, spares, policy.bootTimeoutNanos());
    for (int i = 0; i < copy.getWorkers(); i++) {
      slots.add(new Slot(i));
    }
  }

  /**
   * Handles one event.
   *
   * @param event what happened
   * @param nowNanos the time now on a monotonic clock ({@code System.nanoTime()} in production)
   * @return the actions to carry out, in order; empty for a stale event or after the Halt
   * @throws IllegalArgumentException when the event names a slot out of range
   * @throws IllegalStateException for a second Start, or an event that would move a worker
   *     through a transition that is not allowed
   */
  public List<Action> on(Event event, long nowNanos) {
    Objects.requireNonNull(event, "event");
    Slot slot = null;
    Worker worker = null;
    if (event instanceof Event.OfWorker w) {
      slot = slot(w.slot());
      worker = slot.find(w.gen());
    }
    List<Action> out = new ArrayList<>();
    if (halted) {
      if (event instanceof Event.Spawned spawned && worker != null) {
        booter.spawned(worker, spawned.pid(), out); // still deliver a TERM decided before the Halt
      } else if (event instanceof Event.SpareSpawned spawned) {
        spareEvents.on(spawned, nowNanos, out);
      }
      return List.copyOf(out);
    } else if (event instanceof Event.Start) {
      start(nowNanos, out);
    } else if (event instanceof Event.StopRequested) {
      roller.cancel(out);
      stopper.stop(nowNanos, out);
    } else if (event instanceof Event.ReloadRequested reload) {
      roller.reload(reload.release(), nowNanos, out);
    } else if (event instanceof Event.RestartRequested restart) {
      roller.restart(restart.slot(), nowNanos, out);
    } else if (event instanceof Event.ScaleRequested scale) {
      scaler.scale(scale.workers(), nowNanos, out);
    } else if (event instanceof Event.GraceExpired) {
      stopper.graceExpired(out);
    } else if (event instanceof Event.RespawnDue due) {
      booter.respawn(slot, due.gen(), nowNanos, out);
    } else if (!(event instanceof Event.OfWorker)) {
      spareEvents.on(event, nowNanos, out);
    } else if (worker == null || !worker.live()) {
      return List.of(); // stale: unknown, superseded or already exited
    } else if (event instanceof Event.Spawned spawned) {
      booter.spawned(worker, spawned.pid(), out);
    } else if (event instanceof Event.SpawnFailed failed) {
      exits.exited(slot, worker, null, "spawn failed: " + failed.reason(), nowNanos, out);
    } else if (event instanceof Event.Ready) {
      booter.ready(worker, nowNanos, out);
    } else if (event instanceof Event.Exited exited) {
      exits.exited(slot, worker, exited.status(), exited.status().describe(), nowNanos, out);
    } else if (event instanceof Event.BootTimeout) {
      faults.bootTimeout(worker, out);
    } else if (event instanceof Event.BootRejected rejected) {
      faults.bootRejected(worker, rejected.reason(), nowNanos, out);
    } else if (event instanceof Event.PortUnavailable unavailable) {
      faults.portUnavailable(worker, unavailable.reason(), nowNanos, out);
    } else if (event instanceof Event.Recycle recycle) {
      roller.recycle(slot, worker, recycle.reason(), nowNanos, out);
    } else if (event instanceof Event.Unhealthy unhealthy) {
      faults.unhealthy(slot, worker, unhealthy.reason(), nowNanos, out);
    } else if (event instanceof Event.DrainTimeout) {
      out.add(note(worker, "grace period of " + format(graceNanos) + " is over: killing it"));
      worker.intend(Worker.Intent.STOP);
      signal(worker, Sig.KILL, out);
    }
    if (!halted) {
      reconcileSpares(nowNanos, out);
    }
    return List.copyOf(out);
  }

  /**
   * Describes every spare process: started without a slot, not given one yet.
   *
   * @return one view per spare, oldest first
   */
  public List<SpareView> spares() {
    return spares.views();
  }

  /**
   * Describes why the next spare's boot waits ({@code -spare-delay}): for the youngest serving
   * worker to have served for the delay.
   *
   * @return the wait, or empty when no spare boot waits (the pool is full, or may boot now)
   */
  public Optional<SpareHoldView> spareHold() {
    return Optional.ofNullable(spares.hold());
  }

  /**
   * Describes every slot, in slot order.
   *
   * @return one view per slot, or an empty list before Start
   */
  public List<SlotView> slots() {
    List<SlotView> views = new ArrayList<>();
    if (started) {
      for (Slot slot : slots) {
        if (slot.active() || !slot.live().isEmpty()) {
          views.add(slot.view());
        }
      }
    }
    return List.copyOf(views);
  }

  /** @return the most slots a scale may ask for */
  int maxWorkers() {
    return maxWorkers;
  }

  /** @return how many slots the cluster runs now (scaled-away slots still draining excluded) */
  public int workerCount() {
    return activeSlots().size();
  }

  /**
   * Says whether a stop has begun (StopRequested, or a failed first boot).
   *
   * @return true once no replacement will be spawned any more
   */
  public boolean stopping() {
    return stopping;
  }

  /**
   * Says whether a rolling reload is running (its spares are booted for it: they skip the warm-up).
   *
   * @return true from a reload's start until its end
   */
  public boolean reloading() {
    return roller.reloading();
  }

  /**
   * Says whether the cluster's first boot is done.
   *
   * @return true once every slot has been READY at least once
   */
  public boolean firstBootDone() {
    return firstBootDone;
  }

  private void start(long nowNanos, List<Action> out) {
    if (started) {
      throw new IllegalStateException("the supervisor was already started");
    }
    started = true;
    for (Slot slot : slots) {
      booter.spawn(slot, nowNanos, out);
    }
  }

  /** Brings the spare pool to what the cluster wants now (see {@link SparePool}). */
  void reconcileSpares(long nowNanos, List<Action> out) {
    int stepsLeft = roller.stepsLeft();
    spares.reconcile(spareRelease(), spares.want(stepsLeft), spares.needNow(stepsLeft),
        !roller.reloading(), nowNanos, out);
  }

  /** @return the code spares run: the running reload's, else the last completed one's */
  private int spareRelease() {
    return roller.reloading() ? roller.reloadRelease() : latestRelease;
  }

  // ---- shared with Booter, ExitHandler and Stopper, which hold the boot, exit and stop rules ----

  List<Slot> allSlots() {
    return slots;
  }

  /** @return the slots that are part of the cluster now (not scaled away) */
  List<Slot> activeSlots() {
    return slots.stream().filter(Slot::active).toList();
  }

  Roller roller() {
    return roller;
  }

  /** @return the code new slots run: the release of the last reload that completed */
  int latestRelease() {
    return latestRelease;
  }

  void latestRelease(int release) {
    latestRelease = release;
  }

  Booter booter() {
    return booter;
  }

  Stopper stopper() {
    return stopper;
  }

  ExitHandler exitHandler() {
    return exits;
  }

  /** @return whether the supervisor has halted: it decides nothing more */
  boolean halted() {
    return halted;
  }

  /** @return the slot of that index */
  Slot slotAt(int index) {
    return slot(index);
  }

  SparePool sparePool() {
    return spares;
  }

  RestartPolicy policy() {
    return policy;
  }

  long graceNanos() {
    return graceNanos;
  }

  boolean forced() {
    return forced;
  }

  /** Records that every active slot has been READY once. */
  void markFirstBootDone() {
    firstBootDone = true;
  }

  void beginStop(boolean forcedStop) {
    stopping = true;
    forced |= forcedStop;
  }

  /** Sends sig now, or once the pid is known. Record intent before calling this. */
  void signal(Worker worker, Sig sig, List<Action> out) {
    if (worker.pid() < 0) {
      worker.pend(sig);
    } else {
      out.add(new Action.Signal(worker.slot(), worker.gen(), worker.pid(), sig));
    }
  }

  void halt(int exitCode, String reason, List<Action> out) {
    stopping = true;
    halted = true;
    spares.killAll("the launcher halts", out);
    out.add(new Action.Halt(exitCode, reason));
  }

  List<Worker> liveWorkers() {
    List<Worker> live = new ArrayList<>();
    for (Slot slot : slots) {
      live.addAll(slot.live());
    }
    return live;
  }

  /**
   * The transition a worker just made into its current state: planned unless it is an exit the
   * supervisor had not asked for.
   */
  static Action.Transition transition(Worker worker, WorkerState from, long spent,
      String detail) {
    boolean planned = worker.state() != WorkerState.EXITED || worker.planned();
    return new Action.Transition(worker.slot(), worker.gen(), worker.pid(), from,
        worker.state(), spent, detail, planned);
  }

  static Action.Note note(Worker worker, String message) {
    return new Action.Note(worker.slot(), worker.gen(), worker.pid(), message);
  }

  /** Formats a delay for a message: "60 s", "250 ms" or "1500 ns". */
  static String format(long nanos) {
    if (nanos % 1_000_000_000L == 0) {
      return nanos / 1_000_000_000L + " s";
    }
    return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + " ms" : nanos + " ns";
  }

  private Slot slot(int index) {
    if (index < 0 || index >= slots.size()) {
      throw new IllegalArgumentException("slot " + index + " is out of range 0.."
          + (slots.size() - 1));
    }
    return slots.get(index);
  }
}

package io.clusterkit.launcher.supervisor;

import io.clusterkit.launcher.WorkerState;
import java.util.List;
import java.util.Objects;

/**
 * Something the runner must do, as decided by {@link Supervisor#on(Event, long)}, in list order.
 */
public sealed interface Action {

  /**
   * Start the process of a worker, then report {@link Event.Spawned} or {@link Event.SpawnFailed}
   * and later {@link Event.Exited}.
   *
   * @param slot the slot
   * @param gen the generation
   * @param release which code to run: 0 is the launch's own, each reload with new code adds one
   */
  record Spawn(int slot, int gen, int release) implements Action {

    /**
     * A spawn of the launch's own code.
     *
     * @param slot the slot
     * @param gen the generation
     */
    public Spawn(int slot, int gen) {
      this(slot, gen, 0);
    }
  }

  /**
   * Send a signal to the process of a worker.
   *
   * @param slot the slot
   * @param gen the generation
   * @param pid the process id
   * @param sig what to send
   */
  record Signal(int slot, int gen, long pid, Sig sig) implements Action {

    /**
     * Checks the signal.
     *
     * @param slot the slot
     * @param gen the generation
     * @param pid the process id
     * @param sig not null
     */
    public Signal {
      Objects.requireNonNull(sig, "sig");
    }
  }

  /**
   * Start or stop routing new connections to a worker.
   *
   * @param slot the slot
   * @param gen the generation
   * @param routable true to route to it, false to stop
   */
  record SetRoutable(int slot, int gen, boolean routable) implements Action {
  }

  /**
   * Hand an event back to the supervisor after a delay.
   *
   * @param delayNanos the delay, zero or more
   * @param event the event to hand back
   */
  record Schedule(long delayNanos, Event event) implements Action {

    /**
     * Checks the delay and event.
     *
     * @param delayNanos zero or more
     * @param event not null
     */
    public Schedule {
      if (delayNanos < 0) {
        throw new IllegalArgumentException("delayNanos must be >= 0, was " + delayNanos);
      }
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * End the launcher with an exit code, once remaining processes are gone. Emitted once.
   *
   * @param exitCode one of {@code ExitCodes}
   * @param reason why, naming the slot and generation where one is to blame
   */
  record Halt(int exitCode, String reason) implements Action {

    /**
     * Checks the reason.
     *
     * @param exitCode the exit code
     * @param reason not null
     */
    public Halt {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A worker or its slot changed state: log it once and publish it as a cluster event.
   *
   * @param slot the slot
   * @param gen the generation
   * @param pid the process id, or -1 when unknown
   * @param from the state it left
   * @param to the state it entered, FAILED when the slot is given up
   * @param nanosInPrevious how long the worker spent in the from state
   * @param detail why, e.g. {@code "signal 9 (KILL), unexpected"}; empty when nothing to add
   * @param planned false for what the launcher did not ask for (an exit it did not expect, a
   *     slot given up), true for everything else
   */
  record Transition(int slot, int gen, long pid, WorkerState from, WorkerState to,
      long nanosInPrevious, String detail, boolean planned) implements Action {

    /**
     * Checks the states and detail.
     *
     * @param slot the slot
     * @param gen the generation
     * @param pid the process id, or -1
     * @param from not null
     * @param to not null
     * @param nanosInPrevious the time in from
     * @param detail not null
     * @param planned whether the launcher asked for it
     */
    public Transition {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Every slot has been READY: the cluster's first boot is done. Emitted once. */
  record ClusterReady() implements Action {
  }

  /**
   * A decision worth a log line that is not a state change, such as killing a worker that did
   * not become READY in time.
   *
   * @param slot the slot
   * @param gen the generation
   * @param pid the process id, or -1 when unknown
   * @param message what was decided and why
   */
  record Note(int slot, int gen, long pid, String message) implements Action {

    /**
     * Checks the message.
     *
     * @param slot the slot
     * @param gen the generation
     * @param pid the process id, or -1
     * @param message not null
     */
    public Note {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A rolling reload has ended.
   *
   * @param outcome how it ended
   * @param rolled the slots rolled onto fresh processes, in the order they were rolled
   * @param detail what happened, for the log and whoever asked
   */
  record ReloadDone(Outcome outcome, List<Integer> rolled, String detail) implements Action {

    /** How a reload ended. */
    public enum Outcome {
      /** Every slot was rolled. */
      DONE,
      /** It never began: the cluster's state did not allow it (stopping, another reload). */
      REFUSED,
      /** A replacement failed to become READY: the reload stopped there. */
      ABORTED,
      /** The cluster began to stop while it ran. */
      CANCELLED
    }

    /**
     * Checks the outcome and detail, and copies rolled.
     *
     * @param outcome not null
     * @param rolled not null
     * @param detail not null
     */
    public ReloadDone {
      Objects.requireNonNull(outcome, "outcome");
      rolled = List.copyOf(rolled);
      Objects.requireNonNull(detail, "detail");
    }

    /**
     * Says whether every slot was rolled.
     *
     * @return true for {@link Outcome#DONE}
     */
    public boolean completed() {
      return outcome == Outcome.DONE;
    }
  }

  /**
   * A scale request was taken, or refused.
   *
   * @param accepted whether the request was taken (false: refused, nothing changes)
   * @param previous the slot count before the request
   * @param workers the slot count from now on
   * @param detail what happens, or why not
   */
  record ScaleDone(boolean accepted, int previous, int workers, String detail)
      implements Action {

    /**
     * Checks the detail.
     *
     * @param accepted whether the request was taken
     * @param previous the slot count before
     * @param workers the slot count from now on
     * @param detail not null
     */
    public ScaleDone {
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * A live worker's process ended (or could not be started): tell whoever listens for exits.
   * Emitted once per worker, right after its transition to EXITED.
   *
   * @param slot the slot
   * @param gen the generation
   * @param pid the process id, or -1 when it never started
   * @param status how it ended, or null when its process could not be started at all
   * @param planned true when the supervisor had asked it to stop (stop, drain), false for a crash
   */
  record Exit(int slot, int gen, long pid, ExitStatus status, boolean planned) implements Action {
  }

  /**
   * A restart of one slot has ended, or was refused.
   *
   * @param outcome how it ended
   * @param slot the slot asked for
   * @param oldGen the generation that was replaced, -1 when none
   * @param oldPid its process id, -1 when none or unknown
   * @param newGen the replacement's generation, -1 when none was started
   * @param newPid the replacement's process id, -1 when none or unknown
   * @param detail what happened, for the log and whoever asked
   */
  record RestartDone(Outcome outcome, int slot, int oldGen, long oldPid, int newGen, long newPid,
      String detail) implements Action {

    /** How a restart of one slot ended. */
    public enum Outcome {
      /** The replacement is READY and routed, and the old worker has exited. */
      DONE,
      /** It never began: the cluster's state did not allow it (stopping, a reload running). */
      REFUSED,
      /** It never began: the slot is not one of the cluster's. */
      UNKNOWN_SLOT,
      /** The replacement failed to become READY, or the cluster began to stop. */
      FAILED
    }

    /**
     * Checks the outcome and detail.
     *
     * @param outcome not null
     * @param slot the slot
     * @param oldGen the old generation, or -1
     * @param oldPid the old pid, or -1
     * @param newGen the new generation, or -1
     * @param newPid the new pid, or -1
     * @param detail not null
     */
    public RestartDone {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  // ---- spares: worker processes started without a slot (-spares) ----

  /**
   * Start the process of a spare: a worker JVM with no slot, that boots, joins the cluster and
   * waits; then report {@link Event.SpareSpawned} or {@link Event.SpareSpawnFailed}, later
   * {@link Event.SpareWaiting} and {@link Event.SpareExited}.
   *
   * @param spare the spare's number
   * @param release which code it runs (see {@link Spawn#release()})
   */
  record SpawnSpare(int spare, int release) implements Action {
  }

  /**
   * Give a spare a slot: from now on its process is the worker (slot, gen); it deploys the
   * verticle as that worker and reports READY as any worker does. Its exit is reported as
   * {@link Event.Exited} of (slot, gen) from now on.
   *
   * @param spare the spare's number
   * @param slot the slot
   * @param gen the generation the spare becomes in the slot
   * @param release which code it runs
   */
  record Assign(int spare, int slot, int gen, int release) implements Action {
  }

  /**
   * Send a signal to the process of a spare that has no slot.
   *
   * @param spare the spare's number
   * @param pid the process id
   * @param sig what to send
   */
  record SignalSpare(int spare, long pid, Sig sig) implements Action {

    /**
     * Checks the signal.
     *
     * @param spare the spare's number
     * @param pid the process id
     * @param sig not null
     */
    public SignalSpare {
      Objects.requireNonNull(sig, "sig");
    }
  }

  /**
   * Something happened to a spare that is worth a log line: it waits, it exited, it is retired.
   *
   * @param spare the spare's number
   * @param pid the process id, or -1 when unknown
   * @param message what happened and why
   * @param error true for what the launcher did not ask for (an unexpected exit, spares given up)
   */
  record SpareNote(int spare, long pid, String message, boolean error) implements Action {

    /**
     * Checks the message.
     *
     * @param spare the spare's number
     * @param pid the process id, or -1
     * @param message not null
     * @param error whether it is an error
     */
    public SpareNote {
      Objects.requireNonNull(message, "message");
    }
  }
}

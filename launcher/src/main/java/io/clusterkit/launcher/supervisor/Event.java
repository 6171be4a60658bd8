package io.clusterkit.launcher.supervisor;

import java.util.Objects;

/**
 * Something that happened, handed to {@link Supervisor#on(Event, long)}: a command, a process
 * fact reported by the runner, or a timer the supervisor scheduled itself.
 */
public sealed interface Event {

  /** An event about one worker, named by its slot and generation. */
  sealed interface OfWorker extends Event {

    /**
     * Names the slot.
     *
     * @return the slot, 0..workers-1
     */
    int slot();

    /**
     * Names the generation within the slot.
     *
     * @return the generation, 1 for the slot's first process
     */
    int gen();
  }

  /** Start the cluster: spawn generation 1 in every slot. Allowed once. */
  record Start() implements Event {
  }

  /**
   * The runner started the process of a worker.
   *
   * @param slot the slot
   * @param gen the generation
   * @param pid the operating-system process id
   */
  record Spawned(int slot, int gen, long pid) implements OfWorker {
  }

  /**
   * The runner could not start the process of a worker at all.
   *
   * @param slot the slot
   * @param gen the generation
   * @param reason why, for the log
   */
  record SpawnFailed(int slot, int gen, String reason) implements OfWorker {

    /**
     * Checks the reason.
     *
     * @param slot the slot
     * @param gen the generation
     * @param reason not null
     */
    public SpawnFailed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A worker reported that its verticles are deployed and it is serving.
   *
   * @param slot the slot
   * @param gen the generation
   */
  record Ready(int slot, int gen) implements OfWorker {
  }

  /**
   * The process of a worker ended.
   *
   * @param slot the slot
   * @param gen the generation
   * @param status how it ended
   */
  record Exited(int slot, int gen, ExitStatus status) implements OfWorker {

    /**
     * Checks the status.
     *
     * @param slot the slot
     * @param gen the generation
     * @param status not null
     */
    public Exited {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * A backoff delay has passed: time to spawn a replacement (scheduled by the supervisor).
   *
   * @param slot the slot
   * @param gen the generation to spawn, so that a stale timer is recognised
   */
  record RespawnDue(int slot, int gen) implements OfWorker {
  }

  /**
   * A worker had its boot timeout to become READY (scheduled by the supervisor).
   *
   * @param slot the slot
   * @param gen the generation
   */
  record BootTimeout(int slot, int gen) implements OfWorker {
  }

  /**
   * A starting worker can never become routable as the cluster is configured (its health check
   * path is not one of its routes): during the cluster's first boot this fails the boot at once,
   * later its boot timeout ends it as usual.
   *
   * @param slot the slot
   * @param gen the generation
   * @param reason what makes it unroutable, for the log and the exit message
   */
  record BootRejected(int slot, int gen, String reason) implements OfWorker {

    /**
     * Checks the reason.
     *
     * @param slot the slot
     * @param gen the generation
     * @param reason not null
     */
    public BootRejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A worker's own server listens on a port the launcher cannot open (in use, privileged, an
   * unknown host): the cluster stops, as for a bad {@code -port}.
   *
   * @param slot the slot
   * @param gen the generation
   * @param reason one line naming the port and the worker, for the log and the exit message
   */
  record PortUnavailable(int slot, int gen, String reason) implements OfWorker {

    /**
     * Checks the reason.
     *
     * @param slot the slot
     * @param gen the generation
     * @param reason not null
     */
    public PortUnavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Stop the cluster: gracefully the first time, by KILL the second time. */
  record StopRequested() implements Event {
  }

  /** The grace period of a stop is over (scheduled by the supervisor). */
  record GraceExpired() implements Event {
  }

  /**
   * Replace every worker, one slot at a time, without failing a request: start the replacement,
   * wait for it to be READY, route to it, drain the old one, then the next slot.
   *
   * @param release which code the replacements run (see {@link Action.Spawn#release()})
   */
  record ReloadRequested(int release) implements Event {
  }

  /**
   * Replace one slot's worker without failing a request, like a one-slot reload: start the
   * replacement, route to it once READY, then drain the old one. Answered by a
   * {@link Action.RestartDone}.
   *
   * @param slot the slot to restart; one that is not the cluster's is answered, not thrown
   */
  record RestartRequested(int slot) implements Event {
  }

  /**
   * Run this many slots from now on: new slots start; the highest slots above it drain and go.
   *
   * @param workers at least 1
   */
  record ScaleRequested(int workers) implements Event {
  }

  /**
   * Replace a READY worker drain-first, like a one-slot reload (it is past its memory ceiling).
   *
   * @param slot the slot
   * @param gen the generation
   * @param reason why, for the log
   */
  record Recycle(int slot, int gen, String reason) implements OfWorker {

    /**
     * Checks the reason.
     *
     * @param slot the slot
     * @param gen the generation
     * @param reason not null
     */
    public Recycle {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A worker is not healthy (missed heartbeats, an event loop blocked too long): stop routing to
   * it at once, start its replacement, TERM it, and KILL it after the grace period.
   *
   * @param slot the slot
   * @param gen the generation
   * @param reason why, for the log
   */
  record Unhealthy(int slot, int gen, String reason) implements OfWorker {

    /**
     * Checks the reason.
     *
     * @param slot the slot
     * @param gen the generation
     * @param reason not null
     */
    public Unhealthy {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The grace period of one draining worker is over: KILL it if it still runs.
   *
   * @param slot the slot
   * @param gen the generation
   */
  record DrainTimeout(int slot, int gen) implements OfWorker {
  }

  // ---- spares: worker processes started without a slot (-spares) ----

  /**
   * The runner started the process of a spare.
   *
   * @param spare the spare's number
   * @param pid the operating-system process id
   */
  record SpareSpawned(int spare, long pid) implements Event {
  }

  /**
   * The runner could not start the process of a spare at all.
   *
   * @param spare the spare's number
   * @param reason why, for the log
   */
  record SpareSpawnFailed(int spare, String reason) implements Event {

    /**
     * Checks the reason.
     *
     * @param spare the spare's number
     * @param reason not null
     */
    public SpareSpawnFailed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A spare reported that it is booted (cluster joined, the application's classes loaded) and
   * waits for a slot.
   *
   * @param spare the spare's number
   */
  record SpareWaiting(int spare) implements Event {
  }

  /**
   * The process of a spare ended; when it had been given a slot by then, this counts as the exit
   * of that slot's worker.
   *
   * @param spare the spare's number
   * @param status how it ended
   */
  record SpareExited(int spare, ExitStatus status) implements Event {

    /**
     * Checks the status.
     *
     * @param spare the spare's number
     * @param status not null
     */
    public SpareExited {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * A spare had its boot timeout to report that it waits (scheduled by the supervisor).
   *
   * @param spare the spare's number
   */
  record SpareBootTimeout(int spare) implements Event {
  }

  /**
   * The backoff after a spare's unexpected exit is over: time to start another (scheduled by the
   * supervisor).
   *
   * @param token which backoff ended, so that a stale timer is recognised
   */
  record SpareDue(int token) implements Event {
  }

  /**
   * A worker that held the spares' boot back ({@code -spare-delay}) has served for the delay now:
   * time to look again whether a spare may boot (scheduled by the supervisor).
   *
   * @param token which wait ended, so that a stale timer is recognised
   */
  record SpareDelayOver(int token) implements Event {
  }
}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.LaunchException;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.logs.LogFiles;
import io.clusterkit.launcher.process.WorkerOutput;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to command a cluster, used by {@code Cluster}, the admin endpoint and the signal
 * handlers alike. A command flows one way: it becomes a supervisor event on the supervisor's
 * context, the supervisor's actions are carried out, and the future completes with a typed
 * result once the supervisor says how it ended ({@link ReloadResult}, {@link RestartResult},
 * {@link ScaleResult}), or
 * fails with a {@link ControlException} saying whether it was refused or failed while running.
 * Commands given before the launcher's runtime exists are refused, except a stop, which takes
 * effect as soon as it exists.
 */
public final class ClusterControl {

  private static final Logger log = LoggerFactory.getLogger(ClusterControl.class);

  private final LauncherOptions options;
  private final ClusterEvents events;
  private final Promise<Integer> terminated = Promise.promise();
  private final PendingCommands commands;
  private volatile ClusterRuntime runtime;
  private volatile boolean stopRequested;
  private volatile String terminationReason;
  /** The files of -log-dir, or null when the workers' output goes to stdout. */
  private volatile LogFiles logFiles;

  private ClusterControl(LauncherOptions options, ClusterEvents events) {
    this.options = options;
    this.events = events;
    this.commands = new PendingCommands(options.getClasspath(),
        event -> runtime.executor.handle(event));
  }

  /**
   * Creates the control of a cluster that is not started yet.
   *
   * @param options what to run (not copied: pass a copy of your own)
   * @param events the program's handlers of worker events
   * @return the control
   */
  public static ClusterControl create(LauncherOptions options, ClusterEvents events) {
    return new ClusterControl(Objects.requireNonNull(options, "options"),
        Objects.requireNonNull(events, "events"));
  }

  /**
   * Starts the cluster: the launcher's Hazelcast member, the public port, the workers.
   *
   * @return a future completed once every worker is READY, or failed with a
   *     {@link LaunchException} once everything started is stopped again
   */
  public Future<Void> start() {
    if (options.getLogs() != null) {
      try {
        logFiles = LogFiles.open(options.getLogs());
      } catch (IOException | IllegalStateException e) {
        terminationReason = "cannot write log files in " + options.getLogs().getDir() + ": "
            + e.getMessage();
        terminated.tryComplete(ExitCodes.USAGE);
        return Future.failedFuture(new LaunchException(ExitCodes.USAGE, terminationReason));
      }
      terminated.future().onComplete(ar -> logFiles.close());
    }
    return LauncherBoot.start(options, this, created -> {
      runtime = created;
      created.shutdown.terminated().onComplete(ar -> {
        terminationReason = created.shutdown.reason();
        terminated.tryComplete(ar.succeeded() ? ar.result() : ExitCodes.INTERNAL);
      });
      if (stopRequested) {
        created.executor.post(new Event.StopRequested());
      }
    }).<Void>mapEmpty().onFailure(e -> {
      terminationReason = e.getMessage();
      terminated.tryComplete(e instanceof LaunchException launch
          ? launch.exitCode() : ExitCodes.INTERNAL);
    });
  }

  /**
   * Stops gracefully; a second call while the stop runs forces it.
   *
   * @return a future completed with the exit code once everything has ended
   */
  public Future<Integer> stop() {
    stopRequested = true;
    ClusterRuntime current = runtime;
    if (current != null) {
      current.executor.post(new Event.StopRequested());
    }
    return terminated.future();
  }

  /**
   * Replaces every worker, one slot at a time, without failing a request.
   *
   * @param classpath the application's new classpath, or null to keep the current one
   * @return a future completed with what the reload did, or failed with a
   *     {@link ControlException}: refused (not started, stopping, another reload running) or
   *     failed (a replacement did not become READY, a stop cancelled it)
   */
  public Future<ReloadResult> reload(List<Path> classpath) {
    ClusterRuntime current = runtime;
    return onContext(() -> commands.reload(classpath)).onComplete(ar -> {
      if (current != null && current.meters != null) {
        current.meters.reloaded(ar.succeeded() ? "done"
            : ar.cause() instanceof ControlException refused
                && refused.kind() == ControlException.Kind.REFUSED ? "refused" : "failed");
      }
    });
  }

  /**
   * Replaces one slot's worker without failing a request: its replacement starts beside it, is
   * routed to once READY, then the old worker drains.
   *
   * @param slot the slot, 0 or more
   * @return a future completed with what the restart did once the old worker has exited, or
   *     failed with a {@link ControlException}: refused (not started, still starting, stopping,
   *     a reload or a replacement of that slot running) or failed (the replacement did not
   *     become READY, a stop cancelled it); or with an IllegalArgumentException when the slot is
   *     not one of the cluster's
   * @throws IllegalArgumentException when slot is negative
   */
  public Future<RestartResult> restart(int slot) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    return onContext(() -> commands.restart(slot));
  }

  /**
   * Changes the number of workers.
   *
   * @param workers at least 1
   * @return a future completed with what changes, or failed with a refusal (a reload running,
   *     the cluster not started, starting or stopping)
   * @throws IllegalArgumentException when workers is less than 1
   */
  public Future<ScaleResult> scale(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    return onContext(() -> commands.scale(workers)).onSuccess(this::warnIfCrowded);
  }

  /**
   * Adds or removes workers relative to the count when the request is handled.
   *
   * @param delta workers to add (negative: to remove); at least one worker remains
   * @return as {@link #scale(int)}
   */
  public Future<ScaleResult> scaleBy(int delta) {
    return onContext(() -> commands.scale(
        Math.max(1, runtime.supervisor.workerCount() + delta))).onSuccess(this::warnIfCrowded);
  }

  /** Warns when a scale went past the soft line of the worker ceiling. */
  private void warnIfCrowded(ScaleResult result) {
    ClusterRuntime current = runtime;
    String crowded = current == null || result.workers() <= result.previous() ? null
        : current.ceiling.warning(result.workers());
    if (crowded != null) {
      log.warn("{}", crowded);
    }
  }

  /** @return a future completed with the exit code once everything has ended */
  public Future<Integer> terminated() {
    return terminated.future();
  }

  /** @return why the cluster ended, or null while it runs */
  public String terminationReason() {
    return terminationReason;
  }

  /** @return the bound public port, 0 before it is bound */
  public int port() {
    ClusterRuntime current = runtime;
    return current == null ? 0 : current.port();
  }

  /** @return a snapshot of every slot, empty before the workers are started */
  public List<WorkerInfo> workers() {
    ClusterRuntime current = runtime;
    return current == null ? List.of() : current.workers();
  }

  /**
   * Sends body to the READY worker of a slot, by the launcher's own slot table.
   *
   * @param slot the slot
   * @param body a portable value
   * @return a future completed once the message is on its way, or failed at once when the slot
   *     has no READY worker or the cluster is not started
   */
  public Future<Void> send(int slot, Object body) {
    ClusterRuntime current = runtime;
    return current == null ? notStarted() : current.messenger.send(slot, body);
  }

  /**
   * Sends body to the READY worker of a slot and awaits its reply.
   *
   * @param slot the slot
   * @param body a portable value
   * @param timeout how long to wait
   * @param <T> the reply's type
   * @return a future completed with the reply, or failed as the messenger's
   */
  public <T> Future<Message<T>> request(int slot, Object body, Duration timeout) {
    ClusterRuntime current = runtime;
    return current == null ? notStarted() : current.messenger.request(slot, body, timeout);
  }

  /**
   * Publishes body to every worker.
   *
   * @param body a portable value
   * @return a future completed once the message is on its way
   */
  public Future<Void> broadcast(Object body) {
    ClusterRuntime current = runtime;
    return current == null ? notStarted() : current.messenger.broadcast(body);
  }

  // ---- several hosts ----

  /** @return this launcher's host name among several hosts, "" on its own */
  public String host() {
    return Addresses.host();
  }

  /** @return the workers of every host, by launcher name (see Cluster.workersByHost) */
  public Map<String, List<WorkerInfo>> workersByHost() {
    ClusterRuntime current = runtime;
    Map<String, List<WorkerInfo>> all = new TreeMap<>();
    if (current != null && current.directory != null) {
      current.messenger.hosts().entries().forEach((name, entry) ->
          all.put(name, HostDirectory.workersOf(entry)));
    }
    all.put(Addresses.host(), workers());
    return all;
  }

  /**
   * Sends body to the READY worker of a slot of a host.
   *
   * @return a future completed once the message is on its way, or failed as the messenger's
   */
  public Future<Void> send(String host, int slot, Object body) {
    ClusterRuntime current = runtime;
    return current == null ? notStarted() : current.messenger.send(host, slot, body);
  }

  /**
   * Sends body to the READY worker of a slot of a host and awaits its reply.
   *
   * @return a future completed with the reply, or failed as the messenger's
   */
  public <T> Future<Message<T>> request(String host, int slot, Object body, Duration timeout) {
    ClusterRuntime current = runtime;
    return current == null ? notStarted() : current.messenger.request(host, slot, body, timeout);
  }
  // ---- end of several hosts ----

  /** @return the launcher's clustered Vert.x, or null before its cluster member is up */
  public Vertx vertx() {
    ClusterRuntime current = runtime;
    return current == null ? null : current.vertx;
  }

  private static <T> Future<T> notStarted() {
    return Future.failedFuture(new IllegalStateException("the cluster is not started"));
  }

  ClusterEvents events() {
    return events;
  }

  /** @return where the workers' output goes: the -log-dir files, or the launcher's stdout */
  WorkerOutput workerOutput() {
    LogFiles files = logFiles;
    return files != null ? files : WorkerOutput.console(System.out, System.err);
  }

  /** @return the files of -log-dir, or null without it */
  LogFiles logFiles() {
    return logFiles;
  }

  /** @return the requests handed to the supervisor, which its ReloadDone and ScaleDone end */
  PendingCommands commands() {
    return commands;
  }


  /** Runs a command on the supervisor's context, refused before the start and after the end. */
  private <T> Future<T> onContext(Supplier<Future<T>> command) {
    ClusterRuntime current = runtime;
    if (current == null) {
      return Future.failedFuture(ControlException.refused("the cluster is not started"));
    }
    Promise<T> result = Promise.promise();
    current.context.runOnContext(v -> {
      if (current.shutdown.halted()) {
        result.fail(ControlException.refused("the cluster has stopped"));
      } else {
        command.get().onComplete(result);
      }
    });
    return result.future();
  }
}

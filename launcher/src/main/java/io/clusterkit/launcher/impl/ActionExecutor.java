package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.process.WorkerProcess;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.sticky.WorkerKey;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to the supervisor and carries out the actions it decides, in order, on the
 * supervisor's context: spawn a worker, signal it, route to it or stop, schedule an event, log a
 * transition, tell the program's handlers, halt. The only code that acts on the supervisor's
 * decisions; how a reload, restart or scale ended goes back to the {@link PendingCommands}.
 */
final class ActionExecutor {

  private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);

  private final ClusterRuntime runtime;
  private final PendingCommands commands;
  /** What runs once every action of an event has: the program's handlers, the results. */
  private final List<Runnable> deferred = new ArrayList<>();
  /** Why each worker that left service did, by worker key, until its exit reports it. */
  private final Map<Long, String> leaving = new HashMap<>();

  private final SpareKeeper spares;

  ActionExecutor(ClusterRuntime runtime, PendingCommands commands) {
    this.runtime = runtime;
    this.commands = commands;
    this.spares = new SpareKeeper(runtime, commands::classpath, () -> deferred);
  }

  /** @return the part that carries out the actions about spares */
  SpareKeeper spareKeeper() {
    return spares;
  }

  /**
   * Hands an event to the supervisor, on the supervisor's context.
   *
   * @param event what happened
   */
  void post(Event event) {
    runtime.context.runOnContext(v -> handle(event));
  }

  /**
   * Hands an event to the supervisor at once and carries out its actions. Call it on the
   * supervisor's context only.
   *
   * @param event what happened
   */
  void handle(Event event) {
    if (runtime.shutdown.halted()) {
      return;
    }
    if (event instanceof Event.StopRequested) {
      runtime.router.stopAccepting();
      runtime.shared.stopAccepting();
    }
    runtime.live.event(event);
    List<Action> actions;
    try {
      actions = runtime.supervisor.on(event, System.nanoTime());
    } catch (RuntimeException e) {
      log.error("supervisor rejected {}: {}", event, e.getMessage(), e);
      return;
    }
    // the slot table first: whatever runs next (a start's success, an online handler) may send
    // to a slot that this event made READY
    for (Action action : actions) {
      if (action instanceof Action.SetRoutable routable) {
        runtime.tables.routable(routable.slot(), routable.gen(), routable.routable());
      }
    }
    // a spare given a slot learns it first: its deploy then runs while this event's logging does
    for (Action action : actions) {
      if (action instanceof Action.Assign assign) {
        spares.deliver(assign);
      }
    }
    runtime.tables.publishIfChanged(runtime.supervisor.slots());
    for (Action action : actions) {
      execute(action);
    }
    List<Runnable> fire = new ArrayList<>(deferred);
    deferred.clear();
    fire.forEach(Runnable::run);
    runtime.systemd.handled(event, actions);
  }

  private void execute(Action action) {
    runtime.live.action(action);
    if (spares.execute(action)) {
      return;
    } else if (action instanceof Action.Spawn spawn) {
      spawn(spawn.slot(), spawn.gen(), spawn.release());
    } else if (action instanceof Action.Signal signal) {
      WorkerProcess process = runtime.running.get(signal.slot(), signal.gen());
      if (process != null) {
        log.info("slot {} gen {} pid {} - sending SIG{}", signal.slot(), signal.gen(),
            process.pid(), signal.sig());
        process.signal(signal.sig());
      }
    } else if (action instanceof Action.SetRoutable routable) {
      route(routable);
    } else if (action instanceof Action.Schedule schedule) {
      long millis = Math.max(1, Duration.ofNanos(schedule.delayNanos()).toMillis());
      runtime.vertx.setTimer(millis, id -> handle(schedule.event()));
    } else if (action instanceof Action.Transition transition) {
      TransitionLog.log(transition);
      if ((transition.from() == WorkerState.READY || transition.from() == WorkerState.STARTING)
          && !transition.detail().isEmpty()) {
        leaving.put(WorkerKey.of(transition.slot(), transition.gen()), transition.detail());
      }
      if (transition.to() == WorkerState.READY && runtime.meters != null) {
        runtime.meters.booted(Duration.ofNanos(transition.nanosInPrevious()));
      }
      if (transition.to() == WorkerState.READY) {
        runtime.archives.ended(transition.slot(), transition.gen());
        WorkerInfo info = runtime.info(transition.slot(), transition.gen(), transition.pid());
        deferred.add(() -> runtime.events.online(info));
      }
    } else if (action instanceof Action.Exit exit) {
      String reason = leaving.remove(WorkerKey.of(exit.slot(), exit.gen()));
      WorkerExit ended = exit.status() == null
          ? new WorkerExit(exit.slot(), exit.gen(), exit.pid(), -1, 0, exit.planned(), reason)
          : new WorkerExit(exit.slot(), exit.gen(), exit.pid(), exit.status().code(),
              exit.status().signal(), exit.planned(), reason);
      runtime.lastExits.put(exit.slot(), ended);
      runtime.live.exited(ended);
      if (runtime.meters != null) {
        runtime.meters.exited(ended);
      }
      deferred.add(() -> runtime.events.exit(ended));
    } else if (action instanceof Action.Note note) {
      log.info("slot {} gen {} pid {} - {}", note.slot(), note.gen(),
          note.pid() < 0 ? "-" : note.pid(), note.message());
    } else if (action instanceof Action.ClusterReady) {
      int n = runtime.options.getWorkers();
      System.out.println("ClusterKit ready: " + n + (n == 1 ? " worker" : " workers")
          + servedPorts());
      runtime.ready.tryComplete(runtime);
    } else if (action instanceof Action.Halt halt) {
      runtime.shutdown.halt(halt.exitCode(), halt.reason());
    } else if (action instanceof Action.ReloadDone done) {
      deferred.add(() -> commands.reloadDone(done));
    } else if (action instanceof Action.RestartDone done) {
      deferred.add(() -> commands.restartDone(done));
    } else if (action instanceof Action.ScaleDone done) {
      deferred.add(() -> commands.scaleDone(done));
    } else {
      log.warn("unknown supervisor action {}", action);
    }
  }

  private void route(Action.SetRoutable routable) {
    if (routable.routable()) {
      runtime.table.route(routable.slot(), routable.gen(), SocketAddress.domainSocketAddress(
          runtime.command.socketPath(routable.slot(), routable.gen()).toString()));
      runtime.shared.routed(routable.slot(), routable.gen(), true);
    } else {
      runtime.shared.routed(routable.slot(), routable.gen(), false);
      runtime.table.unroute(routable.slot(), routable.gen());
      if (runtime.handoff != null) {
        runtime.handoff.unrouted(routable.slot(), routable.gen());
      }
    }
  }

  private void spawn(int slot, int gen, int release) {
    try {
      WorkerProcess process = runtime.processes.spawn(runtime.command.spec(slot, gen,
          commands.classpath(release)));
      runtime.running.put(process);
      log.info("slot {} gen {} pid {} - spawned", slot, gen, process.pid());
      runtime.live.forked(slot, gen, process.pid());
      WorkerInfo forked = runtime.info(slot, gen, process.pid());
      deferred.add(() -> runtime.events.fork(forked));
      post(new Event.Spawned(slot, gen, process.pid()));
      process.onExit().onComplete(ar -> {
        runtime.running.remove(process);
        runtime.archives.exited(slot, gen, ar.succeeded() && ar.result().code() == 0
            && ar.result().signal() == 0);
        if (ar.succeeded()) {
          post(new Event.Exited(slot, gen, ar.result()));
        } else {
          log.error("slot {} gen {} - lost track of pid {}", slot, gen, process.pid(), ar.cause());
        }
      });
    } catch (java.io.IOException | RuntimeException e) {
      runtime.archives.ended(slot, gen);
      log.error("slot {} gen {} - cannot start a worker JVM: {}", slot, gen, e.getMessage());
      post(new Event.SpawnFailed(slot, gen, e.getMessage()));
    }
  }

  /**
   * The ports served, for the ready line: serve()'s first when it is open, then the ports of the
   * workers' own servers ({@code " serving on port 8080, port 8095"}).
   */
  private String servedPorts() {
    List<String> ports = new ArrayList<>();
    if (runtime.port() != 0) {
      ports.add("port " + runtime.port());
    }
    for (Object shared : runtime.shared.describe()) {
      int port = ((JsonObject) shared).getInteger("port");
      if (port != runtime.port()) {
        ports.add("port " + port);
      }
    }
    return ports.isEmpty() ? ", no public port open yet"
        : " serving on " + String.join(", ", ports);
  }
}

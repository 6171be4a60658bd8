package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.LaunchException;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.process.WorkerProcess;
import io.clusterkit.launcher.process.WorkerProcesses;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.launcher.supervisor.SlotView;
import io.clusterkit.launcher.supervisor.Supervisor;
import io.clusterkit.launcher.supervisor.SupervisorOptions;
import io.clusterkit.state.ClusterManagers;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.sticky.Balancers;
import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.SlotLoad;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.sticky.handoff.launcher.HandoffRouter;
import io.clusterkit.sticky.reuseport.PortReservation;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.protocol.Messenger;
import io.clusterkit.verticles.protocol.ReadyReport;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher at run time: one clustered Vert.x, the router on the public port, the worker
 * processes, and the supervisor that decides about them. Every supervisor event runs on one
 * Vert.x context; the supervisor's actions are carried out here and nowhere else.
 */
public final class ClusterRuntime {

  private static final Logger log = LoggerFactory.getLogger(ClusterRuntime.class);

  private final LauncherOptions options;
  private final Vertx vertx;
  private final Context context;
  private final SocketDirectory sockets;
  private final WorkerCommand command;
  private final ClassArchives archives;
  private final Supervisor supervisor;
  private final RoutingTable table = new RoutingTable();
  private final ConnectionRouter router;
  private final HandoffRouter handoff;
  private final WorkerProcesses processes;
  private final ProcessTable running = new ProcessTable();
  private final ClusterEvents events;
  private final Messenger messenger;
  private final SlotTableKeeper tables;
  private final List<Runnable> deferred = new ArrayList<>();
  private final Operations operations;
  private final RouterMode mode;
  private AdminEndpoint admin;
  private final HealthMonitor health;
  /** The HTTP health check of -health, or null when there is none. */
  private final HealthProbe probe;
  private final Promise<ClusterRuntime> ready = Promise.promise();
  private final Promise<Integer> terminated = Promise.promise();
  private volatile String terminationReason;
  private volatile int port;
  private boolean halted;

  private ClusterRuntime(LauncherOptions options, ClusterEvents events, Vertx vertx,
      SocketDirectory sockets, String clusterName, String members, RouterMode mode,
      WorkerTransport transport) {
    this.options = options;
    this.events = events;
    this.messenger = new Messenger(vertx, Addresses.LAUNCHER, 0);
    this.tables = new SlotTableKeeper(vertx.eventBus(), messenger);
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.sockets = sockets;
    this.archives = new ClassArchives(!options.isClassArchives() ? null
        : options.getClassArchiveDir() != null ? options.getClassArchiveDir()
        : ClassArchives.defaultDir(System.getenv()),
        System.getProperty("java.home"), System.getProperty("java.vm.version"));
    this.command = new WorkerCommand(options, clusterName, members, sockets.path(), mode,
        transport, this::port, archives);
    this.supervisor = new Supervisor(new SupervisorOptions()
        .setWorkers(options.getWorkers())
        .setGrace(options.getGrace()));
    if (mode == RouterMode.HANDOFF) {
      this.handoff = new HandoffRouter(vertx, options.getRouterOptions(),
          Balancers.byName(options.getBalance()), table);
      this.router = handoff;
    } else if (mode == RouterMode.REUSEPORT) {
      this.handoff = null;
      this.router = new PortReservation(vertx, options.getRouterOptions());
    } else {
      this.handoff = null;
      this.router = ConnectionRouter.create(vertx, options.getRouterOptions(),
        Balancers.byName(options.getBalance()), table);
    }
    this.processes = new WorkerProcesses(context, System.out, System.err);
    this.operations = new Operations(options.getClasspath(), this::handle);
    this.mode = mode;
    this.health = new HealthMonitor(vertx, this::workers, this::handle,
        options.getHeartbeatTimeout(), options.getMaxBlocked(), options.getMaxMemory());
    this.probe = options.getHealthCheck() == null ? null
        : new HealthProbe(vertx, options.getHealthCheck(), this::workers, this::handle);
  }

  /**
   * Starts the launcher side of a cluster.
   *
   * @param options what to run
   * @param events the program's handlers of worker events
   * @param created told the runtime as soon as it exists, before the workers are READY
   * @return a future completed once every worker is READY
   */
  public static Future<ClusterRuntime> start(LauncherOptions options, ClusterEvents events,
      Consumer<ClusterRuntime> created) {
    RouterMode mode;
    WorkerTransport transport;
    try {
      mode = routerMode(options);
      transport = workerTransport(options, mode);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new LaunchException(ExitCodes.USAGE, e.getMessage()));
    }
    SocketDirectory sockets;
    try {
      sockets = SocketDirectory.create();
    } catch (java.io.IOException e) {
      return Future.failedFuture(new LaunchException(ExitCodes.UNAVAILABLE,
          "cannot create the private socket directory: " + e.getMessage()));
    }
    String clusterName = "clusterkit-" + UUID.randomUUID();
    MembershipOptions membership = new MembershipOptions().setClusterName(clusterName);
    HazelcastClusterManager manager = ClusterManagers.hazelcast(membership);
    VertxOptions vertxOptions = new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventBusOptions(new EventBusOptions()
            .setHost(membership.getHost()).setPort(0).setClusterPublicHost(membership.getHost()));
    // completed directly, never through a chain of futures bound to the launcher's event loops:
    // when start fails, those loops are closed before the failure is known
    Promise<ClusterRuntime> result = Promise.promise();
    Vertx.builder().with(vertxOptions).withClusterManager(manager).buildClustered()
        .onFailure(e -> {
          sockets.delete();
          result.tryFail(new LaunchException(ExitCodes.UNAVAILABLE,
              "cannot start the launcher's cluster member: " + e.getMessage()));
        })
        .onSuccess(vertx -> {
          String members = membership.getHost() + ":" + manager.getHazelcastInstance()
              .getCluster().getLocalMember().getAddress().getPort();
          ClusterRuntime runtime = new ClusterRuntime(options, events, vertx, sockets, clusterName,
              members, mode, transport);
          created.accept(runtime);
          runtime.boot().onComplete(ar -> {
            if (ar.succeeded()) {
              result.tryComplete(runtime);
            } else if (runtime.halted) {
              runtime.terminated().onComplete(code -> result.tryFail(new LaunchException(
                  code.succeeded() ? code.result() : ExitCodes.INTERNAL,
                  runtime.terminationReason)));
            } else {
              runtime.abandon(ar.cause(), result);
            }
          });
        });
    return result.future();
  }

  /**
   * Chooses how connections reach workers and logs why: no router under {@code -balance
   * reuseport}; else what {@code -router} asks for, hand-off where it works by default.
   *
   * @throws IllegalArgumentException when the mode asked for cannot work here
   */
  private static RouterMode routerMode(LauncherOptions options) {
    if (!Balancers.routed(options.getBalance())) {
      log.info("router mode reuseport: every worker listens on the public port (SO_REUSEPORT) "
          + "and the kernel spreads connections; the launcher only holds the port");
      return RouterMode.REUSEPORT;
    }
    String requested = options.getRouter();
    boolean asked = !RouterMode.AUTO.equals(requested);
    RouterMode mode = RouterMode.select(requested, HandoffRouter.isAvailable());
    if (mode == RouterMode.HANDOFF) {
      log.info("router mode handoff: accepted sockets are handed to workers (Linux, native epoll)");
    } else {
      log.info("router mode forward: the launcher copies bytes to workers ({})", asked
          ? "-router " + requested
          : "socket hand-off needs Linux and native epoll: " + HandoffRouter.unavailabilityCause());
    }
    return mode;
  }

  /**
   * Chooses the workers' transport and logs why: the one {@code -transport} asks for, else
   * io_uring where it works.
   *
   * @throws IllegalArgumentException when the transport asked for cannot work here
   */
  private static WorkerTransport workerTransport(LauncherOptions options, RouterMode mode) {
    String choice = WorkerTransport.checkChoice(options.getTransport());
    boolean auto = WorkerTransport.AUTO.equals(choice);
    WorkerTransport transport = WorkerTransport.select(choice, mode,
        WorkerTransport::ioUringUnavailability);
    String why;
    if (!auto) {
      why = "-transport " + choice;
    } else if (transport == WorkerTransport.IO_URING) {
      why = "the kernel allows it";
    } else if (mode == RouterMode.FORWARD) {
      why = "forwarded workers listen on Unix domain sockets, which Vert.x's io_uring transport "
          + "lacks";
    } else {
      // the probe's answer is kept: asking again costs nothing
      why = "io_uring is unavailable: " + WorkerTransport.ioUringUnavailability();
    }
    log.info("workers serve clients on Netty's {} transport ({})", transport.id(), why);
    return transport;
  }

  private Future<ClusterRuntime> boot() {
    if (!vertx.isNativeTransportEnabled()) {
      return Future.failedFuture(new LaunchException(ExitCodes.UNAVAILABLE,
          "the native epoll transport is unavailable: " + vertx.unavailableNativeTransportCause()));
    }
    return vertx.eventBus().<JsonObject>consumer(Addresses.LAUNCHER_READY, message -> {
      JsonObject body = message.body();
      context.runOnContext(v -> {
        reportedReady(body);
        // the slot table, this worker READY in it unless its health check must pass first
        message.reply(tables.current().toJson());
      });
    }).completion()
        .compose(v -> new LauncherInbox(vertx, context, events).listen())
        .compose(v -> {
          Promise<Void> watching = Promise.promise();
          context.runOnContext(x -> {
            health.start();
            if (probe != null) {
              log.info("health check: {}", options.getHealthCheck());
              probe.start();
            }
            watching.complete();
          });
          return watching.future();
        })
        .compose(v -> router.listen())
        .compose(bound -> {
          port = bound;
          String name = options.getName() != null ? options.getName() : "clusterkit-" + bound;
          admin = new AdminEndpoint(this, name, mode.id(), options.getBalance());
          Promise<Void> registered = Promise.promise();
          // on the supervisor's context: the API reads the slot table and the heartbeats
          context.runOnContext(x -> admin.start().onComplete(registered));
          return registered.future().recover(e -> Future.failedFuture(new LaunchException(
              e.getMessage().contains("already running") ? ExitCodes.USAGE
                  : ExitCodes.UNAVAILABLE, e.getMessage()))).map(bound);
        })
        .compose(bound -> {
          System.out.println("ClusterKit listening on " + options.getHost() + ":" + bound
              + ", starting " + options.getWorkers()
              + (options.getWorkers() == 1 ? " worker of " : " workers of ") + options.getVerticle());
          post(new Event.Start());
          return ready.future();
        });
  }

  /**
   * A worker's READY report: READY for the supervisor at once, or, with a health check, once a
   * check of the worker has passed (the readiness gate).
   */
  private void reportedReady(JsonObject body) {
    ReadyReport ready = ReadyReport.fromJson(body);
    if (probe == null) {
      handle(new Event.Ready(ready.slot(), ready.gen()));
    } else {
      probe.admit(ready.slot(), ready.gen(), ready.pid(), ready.probe());
    }
  }

  private void abandon(Throwable cause, Promise<ClusterRuntime> result) {
    if (admin != null) {
      admin.leave();
    }
    String reason = terminationReason != null ? terminationReason : cause.getMessage();
    router.stopAccepting()
        .eventually(() -> running.killAll())
        .onComplete(ar -> closeVertx(() -> result.tryFail(cause instanceof LaunchException
            ? cause : new LaunchException(ExitCodes.UNAVAILABLE, reason))));
  }

  /**
   * Closes Vert.x (leaving the Hazelcast cluster), removes the socket directory, then runs then.
   * Runs on a thread of its own: once Vert.x is closed, none of its event loops can run callbacks.
   */
  private void closeVertx(Runnable then) {
    Thread closer = new Thread(() -> vertx.close().onComplete(ar -> {
      if (ar.failed()) {
        log.warn("closing the launcher's Vert.x failed: {}", ar.cause().getMessage());
      }
      sockets.delete();
      then.run();
    }), "clusterkit-close");
    closer.start();
  }

  /** @return the launcher's messenger: sends to slots by the launcher's own slot table */
  public Messenger messenger() {
    return messenger;
  }

  /** @return the launcher's Vert.x (clustered: its shared data spans every worker) */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the bound public port */
  public int port() {
    return port;
  }

  /** @return a snapshot of every slot */
  public List<WorkerInfo> workers() {
    long now = System.nanoTime();
    List<WorkerInfo> infos = new ArrayList<>();
    for (SlotView view : supervisor.slots()) {
      Duration uptime = view.readySinceNanos() < 0
          ? Duration.ZERO : Duration.ofNanos(now - view.readySinceNanos());
      infos.add(new WorkerInfo(view.slot(), view.gen(), view.pid(), view.state(), uptime,
          view.restarts()));
    }
    return infos;
  }

  /**
   * Replaces every worker, one slot at a time, without failing a request.
   *
   * @param classpath the application's new classpath, or null to keep the current one
   * @return a future completed with what the reload did, or failed with why it stopped
   */
  public Future<String> reload(List<Path> classpath) {
    return onContext(() -> operations.reload(classpath));
  }

  /**
   * Changes the number of workers.
   *
   * @param workers at least 1
   * @return a future completed with what changes, or failed with why not
   */
  public Future<String> scale(int workers) {
    return onContext(() -> operations.scale(workers));
  }

  /**
   * Adds or removes workers relative to the count when the request is handled.
   *
   * @param delta workers to add (negative: to remove); at least one worker remains
   * @return as {@link #scale(int)}
   */
  public Future<String> scaleBy(int delta) {
    return onContext(() -> operations.scale(Math.max(1, supervisor.workerCount() + delta)));
  }

  private <T> Future<T> onContext(Supplier<Future<T>> operation) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      if (halted) {
        result.fail("the cluster has stopped");
      } else {
        operation.get().onComplete(result);
      }
    });
    return result.future();
  }

  /**
   * The latest heartbeat figures of a worker: heap, heap after GC and RSS in bytes, open
   * connections, requests received, and the request rate between its last two heartbeats.
   *
   * @return the figures, or null when none came yet
   */
  public JsonObject health(int slot, int gen) {
    HealthMonitor.Beat beat = health.latest(slot, gen);
    return beat == null ? null
        : beat.figures().copy().put("requestsPerSecond", beat.requestsPerSecond());
  }

  /**
   * The HTTP health check of a worker ({@code -health}): failures in a row, the latest failure,
   * whether it still waits for its first pass, and where it is checked.
   *
   * @param slot the slot
   * @param gen the generation of the worker
   * @return the state, or null without a health check or before the worker reported READY
   */
  public JsonObject healthCheck(int slot, int gen) {
    return probe == null ? null : probe.state(slot, gen);
  }

  /** @return the health check's path, interval, timeout and failure limit, or null for none */
  public JsonObject healthCheckSettings() {
    return probe == null ? null : probe.describe();
  }

  /**
   * @return the open connections the router counts for each routable slot (what least-conn
   *     balances on), by slot
   */
  public Map<Integer, Integer> routedConnections() {
    Map<Integer, Integer> counts = new HashMap<>();
    for (SlotLoad load : table.ready()) {
      counts.put(load.slot(), load.connections());
    }
    return counts;
  }

  /** @return a future completed with the exit code of a graceful stop */
  public Future<Integer> stop() {
    post(new Event.StopRequested());
    return terminated.future();
  }

  /** @return a future completed with the exit code once everything has ended */
  public Future<Integer> terminated() {
    return terminated.future();
  }

  /** @return why the cluster ended, or null */
  public String terminationReason() {
    return terminationReason;
  }

  /**
   * Hands an event to the supervisor, on the supervisor's context.
   *
   * @param event what happened
   */
  public void post(Event event) {
    context.runOnContext(v -> handle(event));
  }

  private void handle(Event event) {
    if (halted) {
      return;
    }
    if (event instanceof Event.StopRequested) {
      router.stopAccepting();
    }
    List<Action> actions;
    try {
      actions = supervisor.on(event, System.nanoTime());
    } catch (RuntimeException e) {
      log.error("supervisor rejected {}: {}", event, e.getMessage(), e);
      return;
    }
    // the slot table first: whatever runs next (a start's success, an online handler) may send
    // to a slot that this event made READY
    for (Action action : actions) {
      if (action instanceof Action.SetRoutable routable) {
        tables.routable(routable.slot(), routable.gen(), routable.routable());
      }
    }
    tables.publishIfChanged(supervisor.slots());
    for (Action action : actions) {
      execute(action);
    }
    List<Runnable> fire = new ArrayList<>(deferred);
    deferred.clear();
    fire.forEach(Runnable::run);
  }

  private void execute(Action action) {
    if (action instanceof Action.Spawn spawn) {
      spawn(spawn.slot(), spawn.gen(), spawn.release());
    } else if (action instanceof Action.Signal signal) {
      WorkerProcess process = running.get(signal.slot(), signal.gen());
      if (process != null) {
        log.info("slot {} gen {} pid {} - sending SIG{}", signal.slot(), signal.gen(),
            process.pid(), signal.sig());
        process.signal(signal.sig());
      }
    } else if (action instanceof Action.SetRoutable routable) {
      if (routable.routable()) {
        table.route(routable.slot(), routable.gen(), SocketAddress.domainSocketAddress(
            command.socketPath(routable.slot(), routable.gen()).toString()));
      } else {
        table.unroute(routable.slot(), routable.gen());
        if (handoff != null) {
          handoff.unrouted(routable.slot(), routable.gen());
        }
      }
    } else if (action instanceof Action.Schedule schedule) {
      long millis = Math.max(1, Duration.ofNanos(schedule.delayNanos()).toMillis());
      vertx.setTimer(millis, id -> handle(schedule.event()));
    } else if (action instanceof Action.Transition transition) {
      TransitionLog.log(transition);
      if ("READY".equals(transition.to())) {
        archives.ended(transition.slot(), transition.gen());
        WorkerInfo info = info(transition.slot(), transition.gen(), transition.pid());
        deferred.add(() -> events.online(info));
      }
    } else if (action instanceof Action.Exit exit) {
      WorkerExit ended = exit.status() == null
          ? new WorkerExit(exit.slot(), exit.gen(), exit.pid(), -1, 0, exit.planned())
          : new WorkerExit(exit.slot(), exit.gen(), exit.pid(), exit.status().code(),
              exit.status().signal(), exit.planned());
      deferred.add(() -> events.exit(ended));
    } else if (action instanceof Action.Note note) {
      log.info("slot {} gen {} pid {} - {}", note.slot(), note.gen(),
          note.pid() < 0 ? "-" : note.pid(), note.message());
    } else if (action instanceof Action.ClusterReady) {
      int n = options.getWorkers();
      System.out.println("ClusterKit ready: " + n + (n == 1 ? " worker" : " workers")
          + " serving on port " + port);
      ready.tryComplete(this);
    } else if (action instanceof Action.Halt halt) {
      halt(halt.exitCode(), halt.reason());
    } else if (action instanceof Action.ReloadDone done) {
      deferred.add(() -> operations.reloadDone(done));
    } else if (action instanceof Action.ScaleDone done) {
      deferred.add(() -> operations.scaleDone(done));
    } else {
      log.warn("unknown supervisor action {}", action);
    }
  }

  /** A snapshot of one worker for the program's event handlers. */
  private WorkerInfo info(int slot, int gen, long pid) {
    for (WorkerInfo info : workers()) {
      if (info.slot() == slot) {
        return info.gen() == gen ? new WorkerInfo(slot, gen, pid, info.state(), info.uptime(),
            info.restarts()) : new WorkerInfo(slot, gen, pid, "STARTING", Duration.ZERO,
            info.restarts());
      }
    }
    return new WorkerInfo(slot, gen, pid, "STARTING", Duration.ZERO, 0);
  }

  private void spawn(int slot, int gen, int release) {
    try {
      WorkerProcess process = processes.spawn(command.spec(slot, gen,
          operations.classpath(release)));
      running.put(process);
      log.info("slot {} gen {} pid {} - spawned", slot, gen, process.pid());
      WorkerInfo forked = info(slot, gen, process.pid());
      deferred.add(() -> events.fork(forked));
      post(new Event.Spawned(slot, gen, process.pid()));
      process.onExit().onComplete(ar -> {
        running.remove(process);
        archives.ended(slot, gen);
        if (ar.succeeded()) {
          post(new Event.Exited(slot, gen, ar.result()));
        } else {
          log.error("slot {} gen {} - lost track of pid {}", slot, gen, process.pid(), ar.cause());
        }
      });
    } catch (java.io.IOException | RuntimeException e) {
      archives.ended(slot, gen);
      log.error("slot {} gen {} - cannot start a worker JVM: {}", slot, gen, e.getMessage());
      post(new Event.SpawnFailed(slot, gen, e.getMessage()));
    }
  }

  private void halt(int code, String reason) {
    halted = true;
    String detail = reason;
    if (code == ExitCodes.BOOT_FAILED) {
      String failure = running.lastBootFailure();
      detail = failure != null ? "worker failed to boot: " + failure : reason;
    }
    terminationReason = detail;
    if (code == ExitCodes.OK) {
      log.info("stopped: {}", detail);
    } else {
      log.error("halting with exit code {} ({}): {}", code, ExitCodes.name(code), detail);
    }
    ready.tryFail(detail);
    if (admin != null) {
      admin.leave();
    }
    router.stopAccepting()
        .eventually(() -> running.awaitAllExited(vertx, Duration.ofSeconds(5)))
        .onComplete(ar -> closeVertx(() -> terminated.tryComplete(code)));
  }
}

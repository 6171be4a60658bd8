package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.health.HealthMonitor;
import io.clusterkit.launcher.health.HealthProbe;
import io.clusterkit.launcher.health.RequestLimit;
import io.clusterkit.launcher.live.HealthText;
import io.clusterkit.launcher.live.LiveStats;
import io.clusterkit.launcher.metrics.LauncherMeters;
import io.clusterkit.launcher.metrics.MetricsServer;
import io.clusterkit.launcher.process.Descriptors;
import io.clusterkit.launcher.process.WorkerCeiling;
import io.clusterkit.launcher.process.WorkerJvm;
import io.clusterkit.launcher.process.WorkerProcesses;
import io.clusterkit.launcher.supervisor.SlotView;
import io.clusterkit.launcher.supervisor.Supervisor;
import io.clusterkit.launcher.supervisor.SupervisorOptions;
import io.clusterkit.sticky.Balancers;
import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.SlotLoad;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.sticky.handoff.launcher.HandoffRouter;
import io.clusterkit.sticky.reuseport.PortReservation;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.Messenger;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The launcher's parts at run time, built once its clustered Vert.x is up: the supervisor, the
 * router on the public port, the worker processes, the health checks, and the snapshots they
 * give ({@link #workers()}, the heartbeat figures). {@link LauncherBoot} starts them,
 * {@link ActionExecutor} carries out the supervisor's decisions with them, {@link Shutdown} ends
 * them; commands reach them through {@link ClusterControl}. Every supervisor event runs on one
 * Vert.x context, {@link #context}.
 */
final class ClusterRuntime {

  final LauncherOptions options;
  final Vertx vertx;
  final Context context;
  final SocketDirectory sockets;
  final ClassArchives archives;
  final WorkerCommand command;
  final Supervisor supervisor;
  final RoutingTable table = new RoutingTable();
  final ConnectionRouter router;
  /** The most workers this machine holds, and the line past which the launcher warns. */
  final WorkerCeiling ceiling;
  /** The hand-off router, or null in the other modes. */
  final HandoffRouter handoff;
  /** The ports workers' own servers listen on, opened as they ask. */
  final SharedPorts shared;
  /** The port of serve() (-port), opened at boot or on the first serve(). */
  final MainPort main;
  final RouterMode mode;
  /** The Netty transport the workers serve clients on. */
  final WorkerTransport transport;
  /** The JDK the workers run on (-java, else the launcher's). */
  final WorkerJvm workerJvm;
  /** How each slot's latest process ended, by slot (read by the admin API's status). */
  final Map<Integer, WorkerExit> lastExits = new ConcurrentHashMap<>();
  final WorkerProcesses processes;
  /** Worker output, a spare's going to its slot's once it has one. */
  final SpareOutput spareOutput;
  /** Starts spares, answers their wait for a slot, reports their exits. */
  final SpareKeeper spares;
  final ProcessTable running = new ProcessTable();
  final ClusterEvents events;
  final Messenger messenger;
  final SlotTableKeeper tables;
  final ActionExecutor executor;
  final Shutdown shutdown;
  final HealthMonitor health;
  /** The HTTP health check of -health, or null when there is none. */
  final HealthProbe probe;
  /** The launcher's own series with -metrics, else null. */
  final LauncherMeters meters;
  /** The metrics endpoint once it listens, else null. */
  volatile MetricsServer metricsServer;
  /** The live figures, history and event log of the dashboard, {@code status} and monit. */
  final LiveStats live = new LiveStats(System::currentTimeMillis);
  /** Tells systemd the cluster's state when it runs the launcher as a Type=notify service. */
  final SystemdLink systemd;
  /** Where each slot's latest boot went, as its worker reported it with READY. */
  final BootRecords boots = new BootRecords(System::nanoTime);
  /** Completed once every worker has been READY: the cluster's first boot is done. */
  final Promise<ClusterRuntime> ready = Promise.promise();
  AdminEndpoint admin;
  /** This host's entry among several hosts, or null for a launcher on its own. */
  HostDirectory directory;
  private volatile int port;

  ClusterRuntime(LauncherOptions options, ClusterControl control, Vertx vertx,
      SocketDirectory sockets, String clusterName, String members, RouterMode mode,
      WorkerTransport transport, WorkerJvm workerJvm) {
    this.options = options;
    this.workerJvm = workerJvm;
    this.events = control.events();
    this.messenger = new Messenger(vertx, Addresses.LAUNCHER, 0);
    this.tables = new SlotTableKeeper(vertx.eventBus(), messenger);
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.sockets = sockets;
    this.archives = options.isClassArchives() && !workerJvm.recordsClassArchives()
        && !workerJvm.aotCache()
        ? ClassArchives.off("workers on Java " + workerJvm.version() + " cannot record an "
            + "archive in-process (the JVM crashes after the dump)")
        : new ClassArchives(!options.isClassArchives() ? null
            : options.getClassArchiveDir() != null ? options.getClassArchiveDir()
            : ClassArchives.defaultDir(System.getenv()),
            workerJvm.home().toString(), workerJvm.vmVersion(), workerJvm.aotCache());
    this.command = new WorkerCommand(options, clusterName, members, sockets.path(), mode,
        transport, this::port, archives, workerJvm);
    this.ceiling = options.workerCeiling();
    this.supervisor = new Supervisor(SupervisorOptions.from(options)
        .setMaxWorkers(ceiling.hard()));
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
    this.mode = mode;
    this.transport = transport;
    this.spareOutput = new SpareOutput(control.workerOutput(), System.out, System.err);
    this.processes = new WorkerProcesses(context, archives.watching(spareOutput));
    this.shared = new SharedPorts(this);
    this.main = new MainPort(this);
    this.shutdown = new Shutdown(this);
    this.executor = new ActionExecutor(this, control.commands());
    this.spares = executor.spareKeeper();
    this.health = new HealthMonitor(vertx, this::workers, executor::handle,
        options.getHeartbeatTimeout(), options.getMaxBlocked(), options.getMaxMemory(),
        new RequestLimit(options.getMaxRequests(), options.getMaxRequestsJitter(),
            RandomGenerator.getDefault()));
    if (handoff != null) {
      health.watchHandoff(handoff::stalled);
    }
    this.meters = options.getMetricsPort() < 0 ? null : new LauncherMeters(this::workers);
    this.probe = options.getHealthCheck() == null ? null
        : new HealthProbe(vertx, options.getHealthCheck(), this::workers, event -> {
          if (event instanceof io.clusterkit.launcher.supervisor.Event.Ready ready) {
            boots.routable(ready.slot(), ready.gen()); // a passed check ends the boot
          }
          executor.handle(event);
        });
    this.systemd = SystemdLink.create(this, System.getenv());
    live.spares(this::spareRows);
  }

  /** @return the bound public port of serve(), 0 before it is bound */
  int port() {
    return port;
  }

  void port(int bound) {
    port = bound;
  }

  /** @return a snapshot of every slot */
  List<WorkerInfo> workers() {
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

  /** A snapshot of one worker for the program's event handlers. */
  WorkerInfo info(int slot, int gen, long pid) {
    for (WorkerInfo info : workers()) {
      if (info.slot() == slot) {
        return info.gen() == gen ? new WorkerInfo(slot, gen, pid, info.state(), info.uptime(),
            info.restarts()) : new WorkerInfo(slot, gen, pid, WorkerState.STARTING,
            Duration.ZERO, info.restarts());
      }
    }
    return new WorkerInfo(slot, gen, pid, WorkerState.STARTING, Duration.ZERO, 0);
  }

  /**
   * The latest heartbeat figures of a worker: heap, heap after GC and RSS in bytes, open
   * connections, requests received, and the request rate between its last two heartbeats.
   *
   * @return the figures, or null when none came yet
   */
  JsonObject health(int slot, int gen) {
    HealthMonitor.Beat beat = health.latest(slot, gen);
    return beat == null ? null
        : beat.figures().copy().put("requestsPerSecond", beat.requestsPerSecond());
  }

  /** The spares, each with state SPARE: started without a slot, booting or booted. */
  JsonArray spareRows() {
    JsonArray spares = new JsonArray();
    long now = System.nanoTime();
    for (io.clusterkit.launcher.supervisor.SpareView spare : supervisor.spares()) {
      JsonObject row = new JsonObject()
          .put("spare", spare.id())
          .put("pid", spare.pid())
          .put("state", "SPARE")
          .put("booted", spare.waiting())
          .put("retiring", spare.retiring())
          .put("release", spare.release())
          .put("sinceMs", (now - spare.sinceNanos()) / 1_000_000)
          .put("ageMs", (now - spare.startedNanos()) / 1_000_000); // since its start, booted or not
      Long rss = spare.pid() < 0 ? null : Descriptors.rssBytes(spare.pid());
      if (rss != null) {
        row.put("rssBytes", rss);
      }
      Descriptors fds = spare.pid() < 0 ? null : Descriptors.of(spare.pid());
      if (fds != null) {
        row.put("fds", fds.toJson());
      }
      JsonObject warmup = spare.pid() < 0 ? null : this.spares.warmup(spare.pid());
      if (warmup != null) {
        row.put("warmup", warmup);
      }
      spares.add(row);
    }
    return spares;
  }

  /**
   * Why the next spare's boot waits ({@code -spare-delay}): the slot and generation of the
   * youngest serving worker, the delay, and how long the wait still lasts ({@code bootsInMs},
   * null while that worker is still starting).
   *
   * @return the wait, or null when no spare boot waits
   */
  JsonObject spareHold() {
    io.clusterkit.launcher.supervisor.SpareHoldView hold = supervisor.spareHold().orElse(null);
    if (hold == null) {
      return null;
    }
    long remaining = hold.remainingNanos(System.nanoTime());
    return new JsonObject().put("slot", hold.slot()).put("gen", hold.gen())
        .put("delayMs", hold.delayNanos() / 1_000_000)
        .put("bootsInMs", remaining < 0 ? null : (remaining + 999_999) / 1_000_000);
  }

  /** Computes this second's live figures; on the supervisor's context, once a second. */
  void liveTick() {
    long now = System.nanoTime();
    int failureLimit = options.getHealthCheck() == null ? 0
        : options.getHealthCheck().getFailures();
    long maxBlocked = options.getMaxBlocked().toMillis();
    live.tick(workers(), this::beats, info -> HealthText.of(info,
        info.pid() < 0 ? null : beats(info.slot(), info.gen()),
        info.pid() < 0 ? null : healthCheck(info.slot(), info.gen()), failureLimit, maxBlocked,
        now), now);
  }

  private LiveStats.Beats beats(int slot, int gen) {
    HealthMonitor.Beat beat = health.latest(slot, gen);
    return beat == null ? null : new LiveStats.Beats(beat.previous(), beat.previousAtNanos(),
        beat.heartbeat(), beat.atNanos());
  }

  /**
   * The HTTP health check of a worker ({@code -health}): failures in a row, the latest failure,
   * whether it still waits for its first pass, and where it is checked.
   *
   * @return the state, or null without a health check or before the worker reported READY
   */
  JsonObject healthCheck(int slot, int gen) {
    return probe == null ? null : probe.state(slot, gen);
  }

  /** @return the health check's path, interval, timeout and failure limit, or null for none */
  JsonObject healthCheckSettings() {
    return probe == null ? null : probe.describe();
  }

  /**
   * @return the open connections the router counts for each routable slot (what least-conn
   *     balances on), by slot
   */
  Map<Integer, Integer> routedConnections() {
    Map<Integer, Integer> counts = new HashMap<>();
    for (SlotLoad load : table.ready()) {
      counts.put(load.slot(), load.connections());
    }
    return counts;
  }
}

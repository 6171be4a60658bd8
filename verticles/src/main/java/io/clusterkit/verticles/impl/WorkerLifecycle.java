package io.clusterkit.verticles.impl;

import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.protocol.HostTables;
import io.clusterkit.verticles.protocol.Messenger;
import io.clusterkit.verticles.protocol.ReadyReport;
import io.clusterkit.verticles.protocol.VerticleCheck;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.clusterkit.verticles.protocol.WorkerMain;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a worker process, behind {@link WorkerMain}: it joins the launcher's cluster
 * ({@link ClusterJoin}), waits for a slot as a spare, deploys the verticle, reports READY, beats,
 * and drains and exits on SIGTERM ({@link WorkerShutdown}). It exits on its own when the
 * launcher disappears, ignores SIGINT (Ctrl-C reaches the whole process group; the launcher
 * alone stops workers), and exits {@link ExitCodes#BOOT_FAILED} with one explanatory line when
 * the verticle cannot start.
 */
public final class WorkerLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerLifecycle.class);
  private static final int READY_ATTEMPTS = 20;
  /**
   * How long a worker whose verticles have deployed waits for a first server to take
   * connections: a verticle may call {@code listen} without waiting for it.
   */
  static final Duration FIRST_SERVER_WAIT = Duration.ofSeconds(3);

  /** What the launcher said; a spare's changes once it is given a slot. */
  private volatile WorkerEnv env;
  private volatile Map<String, String> vars;
  private volatile Vertx vertx;
  private HandoffIntake handoff;
  /** The shared listens of the user's own servers, with socket hand-off; else null. */
  private SharedListens shared;
  /** The drain and exit on TERM, which also says whether the worker is stopping. */
  private final WorkerShutdown shutdown = new WorkerShutdown(() -> env);
  /** The launcher's slot tables, for the messenger of the slot this worker serves. */
  private final SlotTables slotTables = new SlotTables(() -> env);
  /** The worker's meters with -metrics, else null. */
  private WorkerMetrics metrics;
  private final BootClock clock;

  private WorkerLifecycle(WorkerEnv env, Map<String, String> vars) {
    this.env = env;
    this.vars = vars;
    this.clock = new BootClock(vars);
  }

  /**
   * Runs a worker: boots it, and leaves it running until SIGTERM or the launcher's exit.
   *
   * @param vars the process environment, as the launcher wrote it (see {@link WorkerEnv})
   */
  public static void run(Map<String, String> vars) {
    WorkerEnv env;
    try {
      env = WorkerEnv.readFrom(vars);
    } catch (IllegalArgumentException e) {
      bootFailed(e.getMessage());
      return;
    }
    Addresses.useHost(WorkerEnv.hostName(vars));
    if (env.watchStdin()) {
      OrphanWatch.start();
    }
    WorkerSignals.ignoreInterrupt();
    new WorkerLifecycle(env, vars).boot();
  }

  private void boot() {
    WorkerSignals.onTerminate(shutdown::terminate);
    String problem = VerticleCheck.problem(env.verticle());
    if (problem != null) {
      bootFailed(problem);
      return;
    }
    RouterMode mode;
    WorkerTransport served;
    try {
      mode = RouterMode.of(vars.getOrDefault(WorkerEnv.ROUTER, "forward"));
      served = WorkerTransport.of(vars.getOrDefault(WorkerEnv.TRANSPORT, "epoll"));
    } catch (IllegalArgumentException e) {
      bootFailed(e.getMessage());
      return;
    }
    int spare;
    try {
      spare = WorkerEnv.spare(vars);
    } catch (IllegalArgumentException e) {
      bootFailed(e.getMessage());
      return;
    }
    String name = spare >= 0 ? "spare " + spare : "slot " + env.slot() + " gen " + env.gen();
    Transport transport = null;
    RecordingTransport recording = null;
    if (mode == RouterMode.HANDOFF) {
      recording = new RecordingTransport(served);
      transport = recording;
    } else if (mode == RouterMode.REUSEPORT) {
      transport = served.vertx();
    }
    if (spare < 0 && !installRuntime(mode, recording)) {
      return;
    }
    RecordingTransport handoffTransport = recording;
    log.debug("{} - clients served on Netty's {} transport", name, served.id());
    long bootStart = System.nanoTime();
    metrics = !WorkerEnv.metrics(vars) ? null
        : WorkerMetrics.create(spare >= 0 ? -1 : env.slot(), env.gen());
    ClusterJoin.join(env, vars, transport, metrics, clock)
        .onSuccess(v -> {
          clock.joined();
          if (spare < 0) { // a spare opens its way to the launcher while it waits
            v.eventBus().request(Addresses.local(Addresses.LAUNCHER_READY), ReadyReport.warmUp(),
                new DeliveryOptions().setSendTimeout(5_000))
                .onFailure(e -> log.debug("{} - warm-up to the launcher: {}", name, e.toString()));
          }
          log.info("{} - joined the cluster in {} ms (JVM up {} ms)", name,
              millisSince(bootStart), uptimeMillis());
        })
        .compose(vertx -> spare < 0 ? Future.succeededFuture(vertx)
            : waitForSlot(vertx, spare, mode, handoffTransport))
        .compose(vertx -> metrics == null ? Future.succeededFuture(vertx)
            : metrics.serve(vertx, env.slot(), env.gen()).map(vertx))
        .compose(this::deploy)
        .compose(v -> requireServer())
        .compose(v -> handoff == null ? Future.succeededFuture()
            : handoff.listen(vertx, Path.of(env.socketPath())))
        .compose(v -> recordClassArchive())
        .compose(v -> reportReady(1))
        .onSuccess(v -> {
          shutdown.heartbeat(HeartbeatSender.start(vertx, env.slot(), env.gen()));
          log.info("slot {} gen {} pid {} - READY{}", env.slot(), env.gen(), pid(),
              WorkerRuntime.current().probed()
                  ? " (routed to once the launcher's health check passes)" : "");
        })
        .onFailure(e -> {
          if (!shutdown.stopping()) {
            bootFailed(e.getMessage() == null ? e.toString() : e.getMessage());
          }
        });
  }

  /**
   * Makes this process's {@link WorkerRuntime} for its slot: where {@code serve()} listens, and
   * with socket hand-off, the intake of the launcher's sockets.
   *
   * @return false when the worker cannot boot (it has exited)
   */
  private boolean installRuntime(RouterMode mode, RecordingTransport recording) {
    String name = "slot " + env.slot() + " gen " + env.gen();
    if (mode == RouterMode.HANDOFF) {
      handoff = new HandoffIntake(name, recording, WorkerEnv.proxyProtocol(vars));
      WorkerRuntime runtime = WorkerRuntime.handoff(env.slot(), env.gen(), handoff);
      WorkerRuntime.install(runtime);
      shared = new SharedListens(env.slot(), env.gen(), recording, handoff,
          Path.of(env.socketPath()), runtime::servingNow);
      runtime.share(shared);
    } else if (mode == RouterMode.REUSEPORT) {
      try {
        WorkerRuntime.install(WorkerRuntime.reusePort(env.slot(), env.gen(),
            WorkerEnv.publicAddress(vars), WorkerEnv.proxyProtocol(vars)));
      } catch (IllegalArgumentException e) {
        bootFailed(e.getMessage());
        return false;
      }
    } else {
      WorkerRuntime.install(new WorkerRuntime(env.slot(), env.gen(),
          SocketAddress.domainSocketAddress(env.socketPath()), true));
    }
    WorkerRuntime.current().probeAddress(WorkerEnv.healthAddress(vars));
    return true;
  }

  /**
   * A spare: loads the verticle's class (its static initialisation runs now, not on the slot's
   * critical path), waits for a slot, then takes that slot's identity and sockets.
   */
  private Future<Vertx> waitForSlot(Vertx vertx, int spare, RouterMode mode,
      RecordingTransport recording) {
    attach(vertx);
    try {
      Class.forName(env.verticle(), true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return Future.failedFuture("verticle " + env.verticle() + " cannot be loaded: " + e);
    }
    long waitStart = System.nanoTime();
    long warmupMillis = WorkerEnv.spareWarmupMillis(vars);
    return slotTables.listen(vertx).compose(v -> {
      clock.joined(); // a spare's join phase ends where its wait begins
      log.info("spare {} pid {} - SPARE: waiting for a slot", spare, pid());
      return SpareWait.await(vertx, spare, pid(), warmupMillis);
    }).compose(assignment -> {
      if (shutdown.stopping()) {
        return Future.failedFuture("stopping");
      }
      clock.assigned();
      vars = assignment.applyTo(vars);
      env = WorkerEnv.readFrom(vars);
      log.info("spare {} pid {} - given slot {} gen {} after {} ms of waiting", spare, pid(),
          env.slot(), env.gen(), millisSince(waitStart));
      return installRuntime(mode, recording) ? Future.succeededFuture(vertx)
          : Future.failedFuture("cannot take slot " + env.slot());
    });
  }

  private Future<Void> deploy(Vertx vertx) {
    attach(vertx);
    if (shutdown.stopping()) {
      return Future.failedFuture("stopping");
    }
    if (!vertx.isNativeTransportEnabled()) {
      return Future.failedFuture("native transport unavailable: "
          + vertx.unavailableNativeTransportCause());
    }
    // the slot table arrives with the READY reply, and on every change after it
    Messenger messenger = new Messenger(vertx, env.slot(), env.gen());
    WorkerRuntime.current().messenger(messenger);
    if (shared != null) {
      shared.start(vertx);
    }
    Future<Void> hosts = Future.succeededFuture();
    if (!Addresses.host().isEmpty()) {
      // several hosts: learn the other hosts' slot tables before the verticle can send to them
      HostTables tables = new HostTables(vertx);
      messenger.useHosts(tables);
      hosts = tables.listen();
    }
    return hosts.compose(v -> slotTables.listen(vertx)).compose(v -> deployVerticle(vertx));
  }

  /**
   * Fails the boot when no server takes connections once the verticles have deployed (after
   * {@link #FIRST_SERVER_WAIT} for a listen not waited for): such a worker would be READY and
   * never answer a client.
   */
  private Future<Void> requireServer() {
    WorkerRuntime runtime = WorkerRuntime.current();
    return runtime.awaitServing(vertx, FIRST_SERVER_WAIT).compose(serving -> {
      if (serving && runtime.probeAddress() != null && !runtime.probed() && shared != null
          && !shutdown.stopping()) {
        // no serve(): the launcher checks the worker's own HTTP server through a probe
        return shared.listenForProbes(env.verticle())
            .onSuccess(probe -> runtime.ownProbe(probe, shared.checkedTls()))
            .mapEmpty();
      }
      if (serving || shutdown.stopping()) {
        return Future.succeededFuture();
      }
      return Future.failedFuture("verticle " + env.verticle() + " deployed, but no server of it "
          + "takes connections within " + FIRST_SERVER_WAIT.toSeconds() + " s: "
          + (shared != null
              ? "return serve(router) from a ClusterVerticle's start(), or listen on a TCP port"
              : "return serve(router) from a ClusterVerticle's start() (a server's own listen is "
                  + "shared only by the default router, socket hand-off)"));
    });
  }

  private Future<Void> deployVerticle(Vertx vertx) {
    DeploymentOptions deployment = new DeploymentOptions()
        .setInstances(env.instances())
        .setConfig(env.config());
    return vertx.deployVerticle("java:" + env.verticle(), deployment)
        .recover(e -> {
          log.error("slot {} gen {} - verticle {} failed to start", env.slot(), env.gen(),
              env.verticle(), e);
          return Future.failedFuture("verticle " + env.verticle() + " failed to start: " + e);
        })
        .mapEmpty();
  }

  /** Writes the class archive when the launcher picked this worker to record it. */
  private Future<Void> recordClassArchive() {
    Path target = WorkerEnv.classArchive(vars);
    if (target == null || shutdown.stopping()) {
      return Future.succeededFuture();
    }
    long start = System.nanoTime();
    return ClassArchiveWriter.write(vertx, target, "slot " + env.slot() + " gen " + env.gen())
        .onComplete(ar -> clock.archived(millisSince(start)));
  }

  private Future<Void> reportReady(int attempt) {
    WorkerRuntime runtime = WorkerRuntime.current();
    ReadyReport ready = new ReadyReport(env.slot(), env.gen(), pid(), runtime.serving(),
        runtime.probed() ? runtime.probeAddress() : null,
        clock.phases(System.currentTimeMillis()), System.currentTimeMillis(),
        runtime.probed() && runtime.probeTls());
    return vertx.eventBus()
        .request(Addresses.local(Addresses.LAUNCHER_READY), ready.toJson(),
            new DeliveryOptions().setSendTimeout(5_000))
        .<Void>map(reply -> {
          slotTables.take(reply.body()); // the slot table, this worker READY in it
          return null;
        })
        .recover(e -> {
          if (attempt >= READY_ATTEMPTS || shutdown.stopping()) {
            return Future.failedFuture("could not report READY to the launcher: " + e.getMessage());
          }
          return vertx.timer(100L * attempt, TimeUnit.MILLISECONDS)
              .compose(t -> reportReady(attempt + 1));
        });
  }

  /** Keeps the Vert.x this worker joined with, for its own use and for the drain. */
  private void attach(Vertx vertx) {
    this.vertx = vertx;
    shutdown.vertx(vertx);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static long uptimeMillis() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }

  private static void bootFailed(String reason) {
    System.err.println(WorkerEnv.BOOT_FAILURE_MARKER + reason);
    System.err.flush();
    Runtime.getRuntime().halt(ExitCodes.BOOT_FAILED);
  }
}

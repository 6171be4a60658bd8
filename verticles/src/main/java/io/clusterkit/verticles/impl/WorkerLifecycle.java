package io.clusterkit.verticles.impl;

import io.clusterkit.state.ClusterManagers;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.protocol.EventBusTls;
import io.clusterkit.verticles.protocol.HostTables;
import io.clusterkit.verticles.protocol.Messenger;
import io.clusterkit.verticles.protocol.ReadyReport;
import io.clusterkit.verticles.protocol.SlotTable;
import io.clusterkit.verticles.protocol.VerticleCheck;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.clusterkit.verticles.protocol.WorkerMain;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a worker process, behind {@link WorkerMain}: it joins the launcher's cluster,
 * deploys the verticle, reports READY, beats, and drains and exits on SIGTERM. It exits on its
 * own when the launcher disappears, ignores SIGINT (Ctrl-C reaches the whole process group; the
 * launcher alone stops workers), and exits {@link ExitCodes#BOOT_FAILED} with one
 * explanatory line when the verticle cannot start.
 */
public final class WorkerLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerLifecycle.class);
  private static final int READY_ATTEMPTS = 20;

  /**
   * What a drain leaves of the grace period, at most, for closing Vert.x after it (see
   * {@link #drainBudget(long)}).
   */
  static final long CLOSE_RESERVE_MILLIS = 1_000;

  private final WorkerEnv env;
  private final Map<String, String> vars;
  private volatile Vertx vertx;
  private HandoffIntake handoff;
  private volatile boolean stopping;
  private volatile HeartbeatSender heartbeat;
  /** The worker's meters with -metrics, else null. */
  private WorkerMetrics metrics;

  private WorkerLifecycle(WorkerEnv env, Map<String, String> vars) {
    this.env = env;
    this.vars = vars;
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

  /**
   * How long a worker drains after TERM. The launcher KILLs it one grace period after the TERM,
   * and after the drain the worker still closes Vert.x (it leaves the Hazelcast cluster and
   * closes the event bus, which takes a moment) before it exits; a KILL then would cut that
   * short. So the drain stops {@value #CLOSE_RESERVE_MILLIS} ms before the grace ends, and, for
   * a grace under twice that, at half of it: a short grace then still splits evenly between
   * draining and closing instead of leaving little or nothing to drain (a 1 s grace would
   * otherwise drain for 0 ms).
   *
   * @param graceMillis the launcher's grace period ({@link WorkerEnv#graceMillis()})
   * @return the drain's budget in milliseconds: the larger of grace/2 and grace - 1 s
   */
  static long drainBudget(long graceMillis) {
    return Math.max(graceMillis / 2, graceMillis - CLOSE_RESERVE_MILLIS);
  }

  private void boot() {
    WorkerSignals.onTerminate(this::terminate);
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
    String name = "slot " + env.slot() + " gen " + env.gen();
    Transport transport = null;
    if (mode == RouterMode.HANDOFF) {
      RecordingTransport recording = new RecordingTransport(served);
      transport = recording;
      handoff = new HandoffIntake(name, recording, WorkerEnv.proxyProtocol(vars));
      WorkerRuntime.install(WorkerRuntime.handoff(env.slot(), env.gen(), handoff));
    } else if (mode == RouterMode.REUSEPORT) {
      transport = served.vertx();
      try {
        WorkerRuntime.install(WorkerRuntime.reusePort(env.slot(), env.gen(),
            WorkerEnv.publicAddress(vars), WorkerEnv.proxyProtocol(vars)));
      } catch (IllegalArgumentException e) {
        bootFailed(e.getMessage());
        return;
      }
    } else {
      WorkerRuntime.install(new WorkerRuntime(env.slot(), env.gen(),
          SocketAddress.domainSocketAddress(env.socketPath()), true));
    }
    WorkerRuntime.current().probeAddress(WorkerEnv.healthAddress(vars));
    log.debug("{} - clients served on Netty's {} transport", name, served.id());
    MembershipOptions membership = new MembershipOptions()
        .setClusterName(env.clusterName())
        .setHost(env.host())
        .setPublicHost(WorkerEnv.clusterPublicHost(vars))
        .setConfigFile(WorkerEnv.hazelcastConfig(vars))
        .setLiteMember(true);
    for (String member : env.members().split(",")) {
      if (!member.isBlank()) {
        membership.addMember(member.trim());
      }
    }
    long bootStart = System.nanoTime();
    EventBusOptions bus = new EventBusOptions().setHost(env.host()).setPort(0)
        .setClusterPublicHost(WorkerEnv.clusterPublicHost(vars) != null
            ? WorkerEnv.clusterPublicHost(vars) : env.host());
    EventBusTls.apply(bus, vars);
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventBusOptions(bus);
    VertxBuilder builder = Vertx.builder();
    metrics = WorkerEnv.metrics(vars) ? WorkerMetrics.create(env.slot(), env.gen()) : null;
    if (metrics != null) {
      metrics.install(options, builder);
    }
    builder.with(options);
    if (transport != null) {
      builder.withTransport(transport);
    }
    builder
        .withClusterManager(ClusterManagers.hazelcast(membership))
        .buildClustered()
        .onSuccess(v -> log.info("slot {} gen {} - joined the cluster in {} ms (JVM up {} ms)",
            env.slot(), env.gen(), millisSince(bootStart), uptimeMillis()))
        .compose(vertx -> metrics == null ? Future.succeededFuture(vertx)
            : metrics.serve(vertx, env.slot(), env.gen()).map(vertx))
        .compose(this::deploy)
        .compose(v -> handoff == null ? Future.succeededFuture()
            : handoff.listen(vertx, Path.of(env.socketPath())))
        .compose(v -> recordClassArchive())
        .compose(v -> reportReady(1))
        .onSuccess(v -> {
          heartbeat = HeartbeatSender.start(vertx, env.slot(), env.gen());
          log.info("slot {} gen {} pid {} - READY{}", env.slot(), env.gen(), pid(),
              WorkerRuntime.current().probed()
                  ? " (routed to once the launcher's health check passes)" : "");
        })
        .onFailure(e -> {
          if (!stopping) {
            bootFailed(e.getMessage() == null ? e.toString() : e.getMessage());
          }
        });
  }

  private Future<Void> deploy(Vertx vertx) {
    this.vertx = vertx;
    if (stopping) {
      return Future.failedFuture("stopping");
    }
    if (!vertx.isNativeTransportEnabled()) {
      return Future.failedFuture("native transport unavailable: "
          + vertx.unavailableNativeTransportCause());
    }
    // the slot table arrives with the READY reply, and on every change after it
    Messenger messenger = new Messenger(vertx, env.slot(), env.gen());
    WorkerRuntime.current().messenger(messenger);
    Future<Void> hosts = Future.succeededFuture();
    if (!Addresses.host().isEmpty()) {
      // several hosts: learn the other hosts' slot tables before the verticle can send to them
      HostTables tables = new HostTables(vertx);
      messenger.useHosts(tables);
      hosts = tables.listen();
    }
    return hosts.compose(v -> vertx.eventBus().<JsonObject>consumer(
            Addresses.local(Addresses.SLOTS), message -> takeTable(message.body()))
        .completion())
        .compose(v -> deployVerticle(vertx));
  }

  private void takeTable(Object body) {
    if (body instanceof JsonObject json) {
      try {
        WorkerRuntime.current().messenger().update(SlotTable.fromJson(json));
      } catch (IllegalArgumentException e) {
        log.warn("slot {} gen {} - ignored a bad slot table: {}", env.slot(), env.gen(),
            e.getMessage());
      }
    }
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
    if (target == null || stopping) {
      return Future.succeededFuture();
    }
    return ClassArchiveWriter.write(vertx, target, "slot " + env.slot() + " gen " + env.gen());
  }

  private Future<Void> reportReady(int attempt) {
    WorkerRuntime runtime = WorkerRuntime.current();
    ReadyReport ready = new ReadyReport(env.slot(), env.gen(), pid(), runtime.serving(),
        runtime.probed() ? runtime.probeAddress() : null);
    return vertx.eventBus()
        .request(Addresses.local(Addresses.LAUNCHER_READY), ready.toJson(),
            new DeliveryOptions().setSendTimeout(5_000))
        .<Void>map(reply -> {
          takeTable(reply.body()); // the slot table, this worker READY in it
          return null;
        })
        .recover(e -> {
          if (attempt >= READY_ATTEMPTS || stopping) {
            return Future.failedFuture("could not report READY to the launcher: " + e.getMessage());
          }
          return vertx.timer(100L * attempt, TimeUnit.MILLISECONDS)
              .compose(t -> reportReady(attempt + 1));
        });
  }

  private void terminate() {
    if (stopping) {
      return;
    }
    stopping = true;
    Vertx current = vertx;
    WorkerRuntime runtime = WorkerRuntime.current();
    if (current == null || runtime == null) {
      log.info("slot {} gen {} - TERM before the cluster was joined, exiting", env.slot(), env.gen());
      System.exit(ExitCodes.OK);
      return;
    }
    HeartbeatSender beating = heartbeat;
    if (beating != null) {
      // the launcher stopped routing here; a beat sent while Vert.x closes fails noisily
      beating.stop();
    }
    long budgetMillis = drainBudget(env.graceMillis());
    log.info("slot {} gen {} - TERM: draining {} connections (up to {} ms)", env.slot(), env.gen(),
        runtime.openConnections(), budgetMillis);
    runtime.drainAll(Duration.ofMillis(budgetMillis))
        .eventually(() -> current.close())
        .onComplete(ar -> {
          log.info("slot {} gen {} - drained, exiting", env.slot(), env.gen());
          System.exit(ExitCodes.OK);
        });
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

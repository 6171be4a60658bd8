package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.LaunchException;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.clusterkit.launcher.health.HealthProbe;
import io.clusterkit.launcher.metrics.MetricsServer;
import io.clusterkit.launcher.process.Descriptors;
import io.clusterkit.launcher.process.WorkerCeiling;
import io.clusterkit.launcher.process.WorkerJvm;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.state.ClusterManagers;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.RoutingChoice;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ExitCodes;
import io.clusterkit.verticles.protocol.HostTables;
import io.clusterkit.verticles.protocol.ReadyReport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the launcher: chooses the router mode and the workers' transport, starts the clustered
 * Vert.x, builds the {@link ClusterRuntime}, then listens for READY reports and worker messages,
 * starts the health checks, binds the public port (unless it opens on the first serve(), see
 * {@link MainPort}), opens the admin endpoint and gives the supervisor its first Start.
 */
final class LauncherBoot {

  private static final Logger log = LoggerFactory.getLogger(LauncherBoot.class);

  private final ClusterRuntime runtime;

  private LauncherBoot(ClusterRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Starts the launcher side of a cluster.
   *
   * @param options what to run
   * @param control the cluster's control facade, which the runtime reports to
   * @param created told the runtime as soon as it exists, before the workers are READY
   * @return a future completed once every worker is READY, or failed with a
   *     {@link LaunchException} once everything started is stopped again
   */
  static Future<ClusterRuntime> start(LauncherOptions options, ClusterControl control,
      Consumer<ClusterRuntime> created) {
    RouterMode mode;
    WorkerTransport transport;
    try {
      RoutingChoice routing = RoutingChoice.decide(options.getBalance(), options.getRouter(),
          options.getTransport());
      routing.logTo(log);
      mode = routing.mode();
      transport = routing.transport();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new LaunchException(ExitCodes.USAGE, e.getMessage()));
    }
    WorkerCeiling ceiling = options.workerCeiling();
    String refused = ceiling.refusal(options.getWorkers());
    if (refused != null) {
      return Future.failedFuture(new LaunchException(ExitCodes.USAGE, "-workers: " + refused));
    }
    String crowded = ceiling.warning(options.getWorkers());
    if (crowded != null) {
      log.warn("{}", crowded);
    }
    WorkerJvm workerJvm;
    try {
      workerJvm = options.getJava() == null ? WorkerJvm.current()
          : WorkerJvm.probe(options.getJava());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new LaunchException(ExitCodes.USAGE, "-java: " + e.getMessage()));
    }
    if (!workerJvm.own()) {
      log.info("workers run on Java {} from {}", workerJvm.version(), workerJvm.home());
    }
    if (options.isClassArchives() && workerJvm.aotCache()) {
      log.info("workers on Java {} use its AOT cache in place of a class archive",
          workerJvm.version());
    } else if (options.isClassArchives() && !workerJvm.recordsClassArchives()) {
      log.info("class archives off: workers on Java {} cannot record one in-process",
          workerJvm.version());
    }
    sweepAbandoned();
    checkDescriptorLimit();
    SocketDirectory sockets;
    try {
      sockets = SocketDirectory.create();
    } catch (java.io.IOException e) {
      return Future.failedFuture(new LaunchException(ExitCodes.UNAVAILABLE,
          "cannot create the private socket directory: " + e.getMessage()));
    }
    ClusterJoin join = new ClusterJoin(options.getJoin());
    try {
      Addresses.useHost(join.hostName(options.getName()));
    } catch (IllegalStateException e) {
      sockets.delete();
      return Future.failedFuture(new LaunchException(ExitCodes.USAGE, e.getMessage()));
    }
    MembershipOptions membership = join.membership();
    HazelcastClusterManager manager;
    try {
      manager = ClusterManagers.hazelcast(membership);
      if (!Addresses.host().isEmpty()) {
        // other launchers name this host from their membership events, whatever they heard
        manager.getConfig().getMemberAttributeConfig()
            .setAttribute(HostDirectory.HOST_ATTRIBUTE, Addresses.host());
      }
    } catch (IllegalArgumentException e) {
      sockets.delete();
      return Future.failedFuture(new LaunchException(ExitCodes.USAGE, e.getMessage()));
    }
    EventBusOptions bus = new EventBusOptions()
        .setHost(membership.getHost()).setPort(0).setClusterPublicHost(join.advertisedHost());
    if (join.tls(bus)) {
      log.info("event bus: TLS with client certificates (key store {}, trust store {})",
          options.getJoin().getEventBusKeyStore(), options.getJoin().getEventBusTrustStore());
    }
    VertxOptions vertxOptions = new VertxOptions()
        .setPreferNativeTransport(true)
        .setEventBusOptions(bus);
    // completed directly, never through a chain of futures bound to the launcher's event loops:
    // when start fails, those loops are closed before the failure is known
    Promise<ClusterRuntime> result = Promise.promise();
    long joinStart = System.nanoTime();
    Vertx.builder().with(vertxOptions).withClusterManager(manager).buildClustered()
        .onFailure(e -> {
          sockets.delete();
          result.tryFail(new LaunchException(ExitCodes.UNAVAILABLE,
              "cannot start the launcher's cluster member: " + e.getMessage()));
        })
        .onSuccess(vertx -> join.await(vertx, manager.getHazelcastInstance(), joinStart)
            .onComplete(joined -> {
          if (joined.failed()) {
            // a member of a cluster of its own holds nothing worth a graceful leave: end it at
            // once, so that the error reaches the operator within the join timeout
            manager.getHazelcastInstance().getLifecycleService().terminate();
            Thread closer = new Thread(() -> vertx.close().onComplete(x -> {
              sockets.delete();
              result.tryFail(joined.cause());
            }), "clusterkit-close");
            closer.start();
            return;
          }
          String clusterName = manager.getHazelcastInstance().getConfig().getClusterName();
          String members = membership.getHost() + ":" + manager.getHazelcastInstance()
              .getCluster().getLocalMember().getAddress().getPort();
          ClusterRuntime runtime = new ClusterRuntime(options, control, vertx, sockets,
              clusterName, members, mode, transport, workerJvm);
          if (!Addresses.host().isEmpty()) {
            HostTables tables = new HostTables(vertx);
            runtime.messenger.useHosts(tables);
            runtime.directory = new HostDirectory(vertx, runtime.context,
                manager.getHazelcastInstance(), Addresses.host(), join.advertisedHost(), tables,
                runtime::workers);
          }
          created.accept(runtime);
          new LauncherBoot(runtime).boot(control).onComplete(ar -> {
            if (ar.succeeded()) {
              result.tryComplete(runtime);
            } else if (runtime.shutdown.halted()) {
              runtime.shutdown.terminated().onComplete(code -> result.tryFail(
                  new LaunchException(code.succeeded() ? code.result() : ExitCodes.INTERNAL,
                      runtime.shutdown.reason())));
            } else {
              runtime.shutdown.abandon(ar.cause(), result);
            }
          });
        }));
    return result.future();
  }

  /**
   * Removes the socket directories and registry entries that this user's launchers left when
   * they were killed before they could remove them (kill -9, a machine's power cut).
   */
  private static void sweepAbandoned() {
    List<String> entries = LauncherRegistry.of(System.getenv()).sweep();
    List<java.nio.file.Path> dirs = SocketDirectory.sweep(SocketDirectory.parent(),
        SocketDirectory.boundSockets(), System.currentTimeMillis());
    if (!entries.isEmpty() || !dirs.isEmpty()) {
      log.info("removed what launchers that are gone left behind: registry entries {}, "
          + "socket directories {}", entries, dirs);
    }
  }

  /** Says when this JVM runs below its hard descriptor limit (it raises to it by default). */
  private static void checkDescriptorLimit() {
    Descriptors self = Descriptors.of(ProcessHandle.current().pid());
    if (self != null && self.soft() < self.hard()) {
      log.warn("this launcher may open {} descriptors, below its hard limit {}: the JVM raises "
          + "its soft limit unless started with -XX:-MaxFDLimit", self.soft(), self.hard());
    }
  }

  private Future<ClusterRuntime> boot(ClusterControl control) {
    Vertx vertx = runtime.vertx;
    LauncherOptions options = runtime.options;
    if (!vertx.isNativeTransportEnabled()) {
      return Future.failedFuture(new LaunchException(ExitCodes.UNAVAILABLE,
          "the native epoll transport is unavailable: " + vertx.unavailableNativeTransportCause()));
    }
    Future<Void> claimed = Future.succeededFuture();
    if (runtime.directory != null) {
      Promise<Void> done = Promise.promise();
      runtime.context.runOnContext(x -> runtime.directory.start().onComplete(ar -> {
        if (ar.succeeded()) {
          runtime.tables.onPublished(runtime.directory::publish);
        }
        done.handle(ar);
      }));
      claimed = done.future();
    }
    return claimed.compose(c -> vertx.eventBus().<JsonObject>consumer(
        Addresses.local(Addresses.LAUNCHER_READY), message -> {
      JsonObject body = message.body();
      if (ReadyReport.isWarmUp(body)) {
        message.reply(new JsonObject()); // a worker opening its way here before its report
        return;
      }
      runtime.context.runOnContext(v -> {
        reportedReady(body);
        // the slot table, this worker READY in it unless its health check must pass first
        message.reply(runtime.tables.current().toJson());
      });
    }).completion())
        .compose(v -> runtime.shared.listen())
        .compose(v -> new LauncherInbox(vertx, runtime.context, runtime.events).listen())
        .compose(v -> runtime.spares.listen())
        .compose(v -> {
          Promise<Void> watching = Promise.promise();
          runtime.context.runOnContext(x -> {
            runtime.systemd.start();
            runtime.health.start();
            runtime.vertx.setPeriodic(1_000, id -> {
              try {
                runtime.liveTick();
              } catch (RuntimeException e) {
                log.error("the live figures' tick failed; it runs again in a second", e);
              }
            });
            if (runtime.probe != null) {
              log.info("health check: {}", options.getHealthCheck());
              runtime.probe.start();
            }
            watching.complete();
          });
          return watching.future();
        })
        .compose(v -> runtime.main.openAtBoot())
        .compose(bound -> {
          runtime.port(bound);
          String name = !Addresses.host().isEmpty() ? Addresses.host()
              : options.getName() != null ? options.getName()
              : "clusterkit-" + runtime.main.wanted();
          runtime.admin = new AdminEndpoint(control, runtime, name, runtime.mode.id(),
              options.getBalance());
          Promise<Void> registered = Promise.promise();
          // on the supervisor's context: the API reads the slot table and the heartbeats
          runtime.context.runOnContext(x -> runtime.admin.start().onComplete(registered));
          return registered.future().recover(e -> Future.failedFuture(new LaunchException(
              e.getMessage().contains("already running") ? ExitCodes.USAGE
                  : ExitCodes.UNAVAILABLE, e.getMessage()))).map(bound);
        })
        .compose(bound -> startMetrics().map(bound))
        .compose(bound -> {
          String starting = "starting " + options.getWorkers()
              + (options.getWorkers() == 1 ? " worker of " : " workers of ") + options.getVerticle();
          System.out.println(bound == 0
              ? "ClusterKit " + starting + "; port " + options.getPort()
                  + " opens on the first serve()"
              : "ClusterKit listening on " + options.getHost() + ":" + bound + ", " + starting);
          runtime.executor.post(new Event.Start());
          return runtime.ready.future();
        });
  }

  /** Binds the metrics endpoint of -metrics, on the supervisor's context; nothing without. */
  private Future<Void> startMetrics() {
    LauncherOptions options = runtime.options;
    if (runtime.meters == null) {
      return Future.succeededFuture();
    }
    Promise<MetricsServer> bound = Promise.promise();
    runtime.context.runOnContext(x -> MetricsServer.start(runtime.vertx,
        options.getMetricsHost(), options.getMetricsPort(), runtime::workers, runtime.meters,
        runtime.live, runtime.admin == null ? null : runtime.admin.actions())
        .onComplete(bound));
    return bound.future().recover(e -> Future.failedFuture(new LaunchException(
            ExitCodes.UNAVAILABLE, "-metrics " + options.getMetricsHost() + ":"
            + options.getMetricsPort() + ": " + e.getMessage())))
        .map(server -> {
          runtime.metricsServer = server;
          log.info("metrics for Prometheus on http://{}:{}/metrics, dashboard on http://{}:{}/",
              options.getMetricsHost(), server.port(), options.getMetricsHost(), server.port());
          return null;
        });
  }

  /**
   * A worker's READY report: READY for the supervisor at once, or, with a health check, once a
   * check of the worker has passed (the readiness gate).
   */
  private void reportedReady(JsonObject body) {
    ReadyReport ready = ReadyReport.fromJson(body);
    runtime.boots.reported(ready.slot(), ready.gen(), ready.pid(), ready.boot() == null
        || ready.sentAt() < 0 ? ready.boot()
        : ready.boot().withReport(System.currentTimeMillis() - ready.sentAt()),
        runtime.probe != null);
    if (runtime.probe == null) {
      runtime.executor.handle(new Event.Ready(ready.slot(), ready.gen()));
    } else {
      runtime.probe.admit(ready.slot(), ready.gen(), ready.pid(), ready.probe(),
          ready.probeTls());
    }
  }

}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.admin.AdminServer;
import io.clusterkit.launcher.admin.AdminTarget;
import io.clusterkit.launcher.admin.AdminToken;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.clusterkit.launcher.logs.LogFiles;
import io.clusterkit.launcher.process.Descriptors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's admin API over its runtime: it listens on 127.0.0.1 with a fresh token and
 * leaves both in the registry of running launchers under the launcher's name, so that the
 * control commands ({@code status}, {@code reload}, {@code restart}, {@code scale},
 * {@code stop}) find it. Its
 * commands go through the {@link ClusterControl}; {@code status} reads the runtime's snapshots.
 */
final class AdminEndpoint implements AdminTarget {

  private static final Logger log = LoggerFactory.getLogger(AdminEndpoint.class);

  private final ClusterControl control;
  private final ClusterRuntime runtime;
  private final String name;
  private final String router;
  private final String balance;
  private final LauncherRegistry registry = LauncherRegistry.of(System.getenv());
  private final long pid = ProcessHandle.current().pid();
  private AdminServer server;
  /** This launcher's registry entry once registered. */
  private volatile LauncherRegistry.Entry entry;

  AdminEndpoint(ClusterControl control, ClusterRuntime runtime, String name, String router,
      String balance) {
    this.control = control;
    this.runtime = runtime;
    this.name = name;
    this.router = router;
    this.balance = balance;
  }

  /**
   * Records serve()'s port in the registry once it opened after the start (-port not given), so
   * that the control commands find this launcher by it.
   *
   * @param bound the port
   */
  void portOpened(int bound) {
    runtime.vertx.<Void>executeBlocking(() -> {
      LauncherRegistry.Entry own = entry;
      if (own != null && own.port() != bound) {
        LauncherRegistry.Entry opened = new LauncherRegistry.Entry(own.name(), own.pid(), bound,
            own.adminPort(), own.token(), own.startedMillis(), own.pidNamespace());
        registry.register(opened);
        entry = opened;
      }
      return null;
    }, false).onFailure(e -> log.warn("cannot record port {} in the registry: {}", bound,
        e.getMessage()));
  }

  /**
   * Listens and registers.
   *
   * @return a future completed once the control commands can find this launcher, or failed
   *     with why not (its name is taken by a live launcher, the registry cannot be written)
   */
  Future<Void> start() {
    AdminToken token = AdminToken.random();
    server = new AdminServer(runtime.vertx, token, this);
    return server.listen(0).compose(adminPort -> runtime.vertx.<Void>executeBlocking(() -> {
      try {
        LauncherRegistry.Entry own = new LauncherRegistry.Entry(name, pid, runtime.port(),
            adminPort, token.value());
        registry.register(own);
        entry = own;
      } catch (IOException e) {
        throw new IOException("cannot register launcher '" + name + "' in " + registry.dir()
            + ": " + e.getMessage(), e);
      }
      log.info("admin API on 127.0.0.1:{} as launcher '{}' (registry {})", adminPort, name,
          registry.dir());
      return null;
    }, false));
  }

  /**
   * A router of the admin calls for another listener (the dashboard's actions): the same
   * checks of the token and of the arguments, the same answers.
   *
   * @return the router, every route behind the token
   */
  io.vertx.ext.web.Router actions() {
    return server.router();
  }

  /** Leaves the registry. Idempotent. */
  void leave() {
    registry.unregister(name, pid);
  }

  @Override
  public JsonObject status() {
    JsonArray workers = new JsonArray();
    java.util.Map<Integer, Integer> routed = runtime.routedConnections();
    JsonObject live = runtime.live.latest();
    java.util.Map<Integer, JsonObject> liveRows = new java.util.HashMap<>();
    live.getJsonArray("rows").forEach(row -> liveRows.put(((JsonObject) row).getInteger("slot"),
        (JsonObject) row));
    for (WorkerInfo info : runtime.workers()) {
      JsonObject worker = new JsonObject()
          .put("slot", info.slot())
          .put("gen", info.gen())
          .put("pid", info.pid())
          .put("state", info.state().name())
          .put("uptimeMs", info.uptime().toMillis())
          .put("restarts", info.restarts());
      JsonObject boot = runtime.boots.json(info.slot(), info.gen());
      if (boot != null) {
        worker.put("boot", boot);
      }
      if (routed.containsKey(info.slot())) {
        worker.put("routedConnections", routed.get(info.slot()));
      }
      JsonObject beat = info.pid() < 0 ? null : runtime.health(info.slot(), info.gen());
      if (beat != null) {
        worker.put("rssBytes", beat.getLong("rss"))
            .put("heapBytes", beat.getLong("heapUsed"))
            .put("heapAfterGcBytes", beat.getLong("heapAfterGc"))
            .put("connections", beat.getInteger("connections"))
            .put("requestsPerSecond", beat.getDouble("requestsPerSecond"))
            .put("blockedMs", beat.getLong("blockedMs"));
      }
      JsonObject row = liveRows.get(info.slot());
      if (row != null && row.getInteger("gen") == info.gen()) {
        worker.put("live", new JsonObject().put("rps", row.getValue("rps"))
            .put("p50Ms", row.getValue("p50Ms")).put("p99Ms", row.getValue("p99Ms"))
            .put("errorsPerSecond", row.getValue("errorsPerSecond"))
            .put("cpuPercent", row.getValue("cpuPercent")).put("health", row.getValue("health")));
      }
      Descriptors fds = info.pid() < 0 ? null : Descriptors.of(info.pid());
      if (fds != null) {
        worker.put("fds", fds.toJson());
      }
      JsonObject warmup = info.pid() < 0 ? null : runtime.spares.warmup(info.pid());
      if (warmup != null) {
        worker.put("warmup", warmup); // it began as a spare: how its warm-up went
      }
      JsonObject check = info.pid() < 0 ? null : runtime.healthCheck(info.slot(), info.gen());
      if (check != null) {
        worker.put("health", check);
      }
      WorkerExit exit = runtime.lastExits.get(info.slot());
      if (exit != null) {
        worker.put("lastExit", new JsonObject()
            .put("gen", exit.gen())
            .put("pid", exit.pid())
            .put("exitCode", exit.exitCode())
            .put("signal", exit.signalName())
            .put("planned", exit.planned())
            .put("reason", exit.reason())
            .put("description", exit.describe()));
      }
      workers.add(worker);
    }
    JsonObject status = new JsonObject()
        .put("name", name)
        .put("pid", pid)
        .put("port", runtime.port())
        // 0 until serve()'s port opens; not given (-port), it opens on the first serve()
        .put("portOpen", runtime.main.isOpen())
        .put("portWanted", runtime.main.wanted())
        .put("router", router)
        .put("transport", runtime.transport.id())
        .put("java", runtime.workerJvm.toJson())
        .put("balance", balance);
    Descriptors fds = Descriptors.of(pid);
    if (fds != null) {
      status.put("fds", fds.toJson());
    }
    JsonObject healthCheck = runtime.healthCheckSettings();
    if (healthCheck != null) {
      status.put("healthCheck", healthCheck);
    }
    status.put("classArchives", runtime.archives.describe());
    // the ports the application's own servers listen on, opened as workers asked
    status.put("sharedPorts", runtime.shared.describe());
    if (runtime.metricsServer != null) {
      status.put("metrics", new JsonObject().put("host", runtime.options.getMetricsHost())
          .put("port", runtime.metricsServer.port()));
    }
    LogFiles logs = control.logFiles();
    if (logs != null) {
      status.put("logDir", logs.dir().toString()).put("logFormat", logs.format());
    }
    if (runtime.directory != null) {
      // several hosts: every host's entry as its launcher last published it (status -all)
      JsonArray hosts = new JsonArray();
      runtime.messenger.hosts().entries().values().forEach(hosts::add);
      status.put("cluster", new JsonObject().put("name", runtime.directory.clusterName())
          .put("hosts", hosts));
    }
    status.put("workers", workers).put("spares", runtime.spareRows());
    JsonObject spareHold = runtime.spareHold();
    if (spareHold != null) {
      status.put("spareHold", spareHold); // the next spare waits for a young worker
    }
    return status.put("totals", live.getJsonObject("totals"));
  }

  @Override
  public Future<ReloadResult> reload(List<Path> classpath) {
    return control.reload(classpath);
  }

  @Override
  public Future<RestartResult> restart(int slot) {
    return control.restart(slot);
  }

  @Override
  public Future<ScaleResult> scale(int workers) {
    return control.scale(workers);
  }

  @Override
  public Future<Void> stop() {
    control.stop();
    return Future.succeededFuture();
  }
}

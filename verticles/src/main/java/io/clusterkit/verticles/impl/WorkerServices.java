package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.ClusterVerticle;
import io.clusterkit.verticles.protocol.ConnectionLimits;
import io.clusterkit.verticles.protocol.Messenger;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.Objects;

/**
 * What a verticle gets from the worker it runs in, whichever API it is written against
 * ({@code ClusterVerticle} with futures, {@code RxClusterVerticle} with RxJava): its slot, a
 * server bound where the launcher says and drained at stop, and its messenger. Outside a
 * ClusterKit worker every answer is the standalone one: slot 0, the {@code http.port} key,
 * a one-slot messenger.
 */
public final class WorkerServices {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(WorkerServices.class);

  /**
   * The launcher's limits on stalled clients and connections, else the defaults, fitted to the
   * descriptors left when the first server binds (the cluster joined, the classes loaded).
   */
  private static volatile ConnectionLimits limits;

  private WorkerServices() {
  }

  private static synchronized ConnectionLimits limits() {
    if (limits == null) {
      long open;
      try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(
          java.nio.file.Path.of("/proc/self/fd"))) {
        open = fds.count();
      } catch (java.io.IOException | RuntimeException e) {
        open = 0;
      }
      limits = ConnectionLimits.fromEnv(System.getenv()).fittedTo(softDescriptorLimit(), open);
      log.info("serving with {} (descriptors: {} open, limit {})", limits, open,
          softDescriptorLimit());
    }
    return limits;
  }

  /** @return this process's soft RLIMIT_NOFILE, from /proc; Integer.MAX_VALUE if unknown */
  static long softDescriptorLimit() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(
          "/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return "unlimited".equals(soft) ? Integer.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: no limit known
    }
    return Integer.MAX_VALUE;
  }

  /** @return the worker's slot, 0 when standalone */
  public static int workerId() {
    WorkerRuntime runtime = WorkerRuntime.current();
    return runtime == null ? 0 : runtime.slot();
  }

  /**
   * Binds a drainable server serving handler where this worker must listen, and registers it for
   * hand-off and drain; standalone, on the {@code http.port} key of config.
   *
   * @param vertx the verticle's Vert.x
   * @param config the verticle's configuration
   * @param options the server options; host and port are ignored, the rest is kept
   * @param handler the handler of every request
   * @return a future completed with the bound server once it can be given connections
   */
  public static Future<HttpServer> serve(Vertx vertx, JsonObject config,
      HttpServerOptions options, Handler<HttpServerRequest> handler) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    WorkerRuntime runtime = WorkerRuntime.current();
    HttpServerOptions copy = new HttpServerOptions(options);
    SocketAddress address;
    if (runtime == null) {
      address = SocketAddress.inetSocketAddress(
          config.getInteger("http.port", ClusterVerticle.STANDALONE_PORT), "0.0.0.0");
    } else {
      address = runtime.serveAddress();
      copy.setUseProxyProtocol(runtime.proxyProtocol());
      if (runtime.handoff() != null) {
        // a private listener that only ever gets sockets handed over by the launcher
        copy.setAcceptBacklog(1).setReusePort(false);
      } else {
        // the public port, shared with every other worker, under the reuseport strategy
        copy.setReusePort(runtime.reusePort());
      }
    }
    return DrainableServer.listen(vertx, copy, limits(), handler, address).compose(server ->
        runtime == null ? Future.succeededFuture(server.httpServer())
            : runtime.register(server)
                .compose(v -> listenForProbes(vertx, runtime, options, handler))
                .map(v -> server.httpServer()));
  }

  /**
   * With the launcher's health check on, binds the same handler a second time on the worker's
   * private probe address, so that the launcher reaches this worker's own server whatever the
   * router mode (a hand-off listener takes only handed-over sockets, a forwarded one expects the
   * launcher's PROXY header, a reuseport one is the public port). Plain HTTP/1.1: no TLS and no
   * PROXY header on that private socket; the rest of the options is kept.
   */
  private static Future<Void> listenForProbes(Vertx vertx, WorkerRuntime runtime,
      HttpServerOptions options, Handler<HttpServerRequest> handler) {
    SocketAddress probe = runtime.probeAddress();
    if (probe == null || runtime.ownProbed()) {
      // no check, or the checks already reach a server of the worker's own (bound before this)
      return Future.succeededFuture();
    }
    HttpServerOptions copy = new HttpServerOptions(options)
        .setSsl(false)
        .setUseAlpn(false)
        .setUseProxyProtocol(false)
        .setReusePort(false);
    return DrainableServer.listen(vertx, copy, handler, probe)
        .<Void>map(server -> {
          runtime.registerProbe(server);
          if (probe.isInetSocket() && probe.port() == 0) {
            // any free port: the later instances share the one the first got, the launcher
            // learns it with READY
            runtime.probeAddress(SocketAddress.inetSocketAddress(
                server.httpServer().actualPort(), probe.host()));
          }
          return null;
        })
        .recover(e -> Future.failedFuture("cannot listen for the launcher's health checks on "
            + probe + ": " + e.getMessage()));
  }

  /**
   * Returns the messenger a verticle sends and listens with.
   *
   * @param vertx the verticle's Vert.x, used for the standalone messenger
   * @return this worker's messenger, or a standalone one outside a ClusterKit worker
   */
  public static Messenger messenger(Vertx vertx) {
    WorkerRuntime runtime = WorkerRuntime.current();
    Messenger messenger = runtime == null ? null : runtime.messenger();
    return messenger != null ? messenger : Messenger.standalone(vertx);
  }
}

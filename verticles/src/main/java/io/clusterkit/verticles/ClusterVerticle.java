package io.clusterkit.verticles;

import io.clusterkit.verticles.impl.DrainableServer;
import io.clusterkit.verticles.impl.WorkerRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * The base of every ClusterKit verticle. Extend it, build your routes in {@code start()} and
 * return {@code serve(router)}: the server binds where the launcher tells this worker (users
 * never choose ports), the launcher sends it client connections on the public port, and at stop
 * or reload the server drains without failing a request.
 *
 * <p>{@code vertx} is the worker's clustered Vert.x: its event bus and shared data span every
 * worker and the launcher.
 *
 * <p>Deployed outside a ClusterKit worker (a plain Vert.x, a unit test), the verticle runs
 * standalone: {@link #workerId()} is 0 and {@code serve()} listens on the port named by the
 * {@code http.port} configuration key (default {@value #STANDALONE_PORT}).
 */
public abstract class ClusterVerticle extends VerticleBase {

  /** The port {@code serve()} binds when the verticle runs outside a ClusterKit worker. */
  public static final int STANDALONE_PORT = 8080;

  /**
   * The worker's slot: 0..N-1, the same for every process that ever serves that slot (a crashed
   * worker's replacement keeps its id).
   *
   * @return the slot of this worker, 0 when standalone
   */
  public int workerId() {
    WorkerRuntime runtime = WorkerRuntime.current();
    return runtime == null ? 0 : runtime.slot();
  }

  /** @return the operating-system process id of this worker */
  public long pid() {
    return ProcessHandle.current().pid();
  }

  /**
   * Serves router with default server options.
   *
   * @param router the routes to serve
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(Router router) {
    return serve(new HttpServerOptions(), (Handler<HttpServerRequest>) router);
  }

  /**
   * Serves a request handler with default server options.
   *
   * @param handler the handler of every request
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(Handler<HttpServerRequest> handler) {
    return serve(new HttpServerOptions(), handler);
  }

  /**
   * Serves router with the given server options (TLS, compression, limits...). Host and port in
   * options are ignored: the launcher decides where this worker listens.
   *
   * @param options the server options
   * @param router the routes to serve
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(HttpServerOptions options, Router router) {
    return serve(options, (Handler<HttpServerRequest>) router);
  }

  /**
   * Serves a request handler with the given server options. Host and port in options are
   * ignored: the launcher decides where this worker listens.
   *
   * @param options the server options
   * @param handler the handler of every request
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(HttpServerOptions options, Handler<HttpServerRequest> handler) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    WorkerRuntime runtime = WorkerRuntime.current();
    HttpServerOptions copy = new HttpServerOptions(options);
    SocketAddress address;
    if (runtime == null) {
      address = SocketAddress.inetSocketAddress(
          config().getInteger("http.port", STANDALONE_PORT), "0.0.0.0");
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
    return DrainableServer.listen(vertx, copy, handler, address).compose(server ->
        runtime == null ? Future.succeededFuture(server.httpServer())
            : runtime.register(server).map(v -> server.httpServer()));
  }
}

package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.ClusterVerticle;
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

  private WorkerServices() {
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
    return DrainableServer.listen(vertx, copy, handler, address).compose(server ->
        runtime == null ? Future.succeededFuture(server.httpServer())
            : runtime.register(server).map(v -> server.httpServer()));
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

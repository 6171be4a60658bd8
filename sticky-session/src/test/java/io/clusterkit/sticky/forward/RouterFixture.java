package io.clusterkit.sticky.forward;

import io.clusterkit.sticky.Balancers;
import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RoutingTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the router tests share: a Vert.x with the native transport (Unix domain sockets), a
 * routing table, worker stand-ins (HTTP servers that expect a PROXY header and answer who they
 * are and who they think the client is) and a client.
 */
final class RouterFixture {

  /** How long a connection waits for a READY worker in these tests. */
  static final Duration QUEUE_TIMEOUT = Duration.ofMillis(500);

  final Vertx vertx;
  final RoutingTable table = new RoutingTable();
  final Path dir;
  /** Completed with the worker side of the first {@code GET /hold}, which is never answered. */
  final Promise<HttpConnection> held = Promise.promise();
  ConnectionRouter router;
  /**
   * Every client a test made, held until close: Vert.x closes a client that is garbage-collected,
   * even with a request or a connection still open.
   */
  private final List<Object> clients = new ArrayList<>();

  RouterFixture(Path dir) {
    this.dir = dir;
    this.vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    if (!vertx.isNativeTransportEnabled()) {
      throw new IllegalStateException("native transport unavailable: "
          + vertx.unavailableNativeTransportCause());
    }
  }

  /** @return options for a router on a free loopback port with a short queue timeout */
  static RouterOptions options() {
    return new RouterOptions().setHost("127.0.0.1").setPort(0).setQueueTimeout(QUEUE_TIMEOUT)
        .setConnectTimeout(Duration.ofSeconds(1));
  }

  /** @return a future completed with the router's port */
  Future<Integer> startRouter(RouterOptions options) {
    router = ConnectionRouter.create(vertx, options, Balancers.byName("round-robin"), table);
    return router.listen();
  }

  /** @return a future completed with the address of a worker stand-in on a Unix socket */
  Future<SocketAddress> unixBackend(String id) {
    return backend(id, SocketAddress.domainSocketAddress(dir.resolve(id + ".sock").toString()));
  }

  /** @return a future completed with the address of a worker stand-in on loopback TCP */
  Future<SocketAddress> tcpBackend(String id) {
    return backend(id, SocketAddress.inetSocketAddress(0, "127.0.0.1"));
  }

  /**
   * Starts a worker stand-in: GET answers {@code <id> <remote address> <local address>}, POST
   * echoes the body, {@code GET /hold} never answers, {@code GET /bye} answers, then closes the
   * connection.
   */
  Future<SocketAddress> backend(String id, SocketAddress at) {
    return backend(id, at, true);
  }

  /** Like {@link #backend(String, SocketAddress)}, expecting a PROXY header or not. */
  Future<SocketAddress> backend(String id, SocketAddress at, boolean proxyProtocol) {
    return vertx.createHttpServer(new HttpServerOptions().setUseProxyProtocol(proxyProtocol))
        .requestHandler(request -> {
          if (request.method() == HttpMethod.POST) {
            request.body().onSuccess(body -> request.response().end(body));
          } else if (request.path().equals("/hold")) {
            held.tryComplete(request.connection());
          } else if (request.path().equals("/bye")) {
            request.response().end("bye from " + id)
                .onComplete(ar -> request.connection().close());
          } else {
            request.response().end(id + " " + request.remoteAddress() + " "
                + request.localAddress());
          }
        })
        .listen(at)
        .map(server -> at.isDomainSocket() ? at
            : SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1"));
  }

  /** One answer as the client saw it. */
  record Reply(int status, String body, String clientAddress) {
  }

  /** @return a future completed with the answer to GET / through the router */
  static Future<Reply> get(HttpClient client, int port) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(request -> request.send().compose(response -> response.body()
            .map(body -> new Reply(response.statusCode(), body.toString(),
                request.connection().localAddress().toString()))));
  }

  /** @return a future completed with the body POST / answers through the router */
  static Future<Buffer> post(HttpClient client, int port, Buffer body) {
    return client.request(HttpMethod.POST, port, "127.0.0.1", "/")
        .compose(request -> request.send(body).compose(response -> response.body()));
  }

  /** @return an HTTP client held until {@link #close} */
  synchronized HttpClient httpClient(HttpClientOptions options, PoolOptions pool) {
    HttpClient client = vertx.createHttpClient(options, pool);
    clients.add(client);
    return client;
  }

  /** @return an HTTP client held until {@link #close} */
  HttpClient httpClient(HttpClientOptions options) {
    return httpClient(options, new PoolOptions());
  }

  /** @return a TCP client held until {@link #close} */
  synchronized NetClient netClient() {
    NetClient client = vertx.createNetClient();
    clients.add(client);
    return client;
  }

  Future<Void> close() {
    return vertx.close();
  }
}

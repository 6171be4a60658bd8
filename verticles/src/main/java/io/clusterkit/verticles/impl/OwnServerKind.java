package io.clusterkit.verticles.impl;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetServerImpl;
import io.vertx.core.net.impl.NetServerInternal;
import io.vertx.core.net.impl.ServerID;
import java.util.Map;

/**
 * What a server of the application's own that shares a port is: an HTTP server or a raw
 * {@code NetServer}, and whether it speaks TLS. ClusterKit sees only its Netty server channel,
 * so this reads Vert.x 5's registry of the servers listening on a TCP port
 * ({@link VertxInternal#sharedTcpServers()}), where a server is entered before its channel binds
 * and, with TLS, after its TLS context is made: while the channel's bind is intercepted (see
 * {@link ListenInterceptor}), its server is there. An {@code HttpServer} is a {@code NetServer}
 * inside whose connect handler is Vert.x's HTTP code.
 *
 * @param http whether the server speaks HTTP
 * @param tls whether it terminates TLS
 */
record OwnServerKind(boolean http, boolean tls) {

  /** What a server not found in the registry is taken for: the common case. */
  static final OwnServerKind UNKNOWN = new OwnServerKind(true, false);

  /**
   * Finds what the server listening on a port is.
   *
   * @param vertx the worker's Vert.x
   * @param port the port its server asked for
   * @return the server's kind; {@link #UNKNOWN} when no server of that port is registered
   */
  static OwnServerKind of(Vertx vertx, int port) {
    if (!(vertx instanceof VertxInternal internal)) {
      return UNKNOWN;
    }
    Map<ServerID, NetServerInternal> servers = internal.sharedTcpServers();
    synchronized (servers) {
      for (Map.Entry<ServerID, NetServerInternal> entry : servers.entrySet()) {
        if (entry.getKey().port() == port && entry.getValue() instanceof NetServerImpl server) {
          return new OwnServerKind(isHttp(server.connectHandler()), isTls(server));
        }
      }
    }
    return UNKNOWN;
  }

  private static boolean isHttp(Handler<NetSocket> handler) {
    return handler != null && handler.getClass().getName().startsWith("io.vertx.core.http.");
  }

  private static boolean isTls(NetServerImpl server) {
    try {
      return server.sslContextProvider() != null;
    } catch (RuntimeException e) {
      return false; // no TLS: Vert.x keeps no TLS context future to read
    }
  }
}

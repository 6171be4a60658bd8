package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a server listening on a port is, read from Vert.x's own registry of listening servers:
 * HTTP or a raw {@code NetServer}, with TLS or not. This reads Vert.x internals, so a Vert.x
 * upgrade that moves them fails here rather than in a cluster's health checks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnServerKindTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void plainHttpServerIsHttpWithoutTls() throws IOException {
    int port = freePort();
    await(vertx.createHttpServer().requestHandler(r -> r.response().end())
        .listen(port, "127.0.0.1"));
    assertThat(OwnServerKind.of(vertx, port)).isEqualTo(new OwnServerKind(true, false));
  }

  @Test
  void httpServerWithTlsIsHttpWithTls() throws IOException {
    int port = freePort();
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    await(vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(cert.keyCertOptions()))
        .requestHandler(r -> r.response().end()).listen(port, "127.0.0.1"));
    assertThat(OwnServerKind.of(vertx, port)).isEqualTo(new OwnServerKind(true, true));
  }

  @Test
  void rawNetServerIsNotHttp() throws IOException {
    int port = freePort();
    await(vertx.createNetServer(new NetServerOptions()).connectHandler(s -> s.close())
        .listen(port, "127.0.0.1"));
    assertThat(OwnServerKind.of(vertx, port)).isEqualTo(new OwnServerKind(false, false));
  }

  @Test
  void portNoServerListensOnIsTakenForPlainHttp() throws IOException {
    assertThat(OwnServerKind.of(vertx, freePort())).isEqualTo(OwnServerKind.UNKNOWN);
  }

  private static <T> T await(Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}

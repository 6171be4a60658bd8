package io.clusterkit.verticles.impl;

import static io.clusterkit.verticles.impl.RawHttpConnection.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.impl.RawHttpConnection.Response;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production set-up: a Unix domain socket (native epoll transport) with a PROXY protocol v1
 * header before each connection's first request; and the PROXY protocol over TCP.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DrainableServerTransportTest {

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final String PROXY_HEADER = "PROXY TCP4 203.0.113.7 127.0.0.1 40000 8080\r\n";
  private static final Handler<HttpServerRequest> ECHO_CLIENT = request -> request.response()
      .end(request.remoteAddress().host() + ":" + request.remoteAddress().port());

  @TempDir
  Path dir;
  private Vertx nativeVertx;
  private DrainableServer server;

  @BeforeEach
  void startNativeVertx() {
    nativeVertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
  }

  @AfterEach
  void closeNativeVertx() throws Exception {
    nativeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Future<RawHttpConnection> listenOnDomainSocket() {
    Assumptions.assumeTrue(nativeVertx.isNativeTransportEnabled(),
        "Unix domain sockets need the native epoll transport, unavailable here: "
            + nativeVertx.unavailableNativeTransportCause());
    SocketAddress address = SocketAddress.domainSocketAddress(dir.resolve("w.sock").toString());
    HttpServerOptions options = new HttpServerOptions().setUseProxyProtocol(true);
    return DrainableServer.listen(nativeVertx, options, ECHO_CLIENT, address)
        .compose(s -> {
          server = s;
          return RawHttpConnection.connect(nativeVertx, address);
        })
        .onSuccess(conn -> conn.write(PROXY_HEADER));
  }

  @Test
  void proxyHeaderOverDomainSocketGivesTheClientAddress(VertxTestContext tc) {
    listenOnDomainSocket().compose(conn -> conn.send(get("/")))
        .onComplete(tc.succeeding(response -> tc.verify(() -> {
          assertThat(response.status()).isEqualTo(200);
          assertThat(response.body()).isEqualTo("203.0.113.7:40000");
          tc.completeNow();
        })));
  }

  @Test
  void drainOverDomainSocketAnswersWithConnectionCloseThenCloses(VertxTestContext tc) {
    listenOnDomainSocket().onComplete(tc.succeeding(conn -> conn.send(get("/")).compose(first -> {
      long start = System.nanoTime();
      Future<Long> drained = server.drain(GRACE)
          .map(v -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      return Future.all(conn.send(get("/")), conn.closed(), drained);
    }).onComplete(tc.succeeding(all -> tc.verify(() -> {
      Response second = all.resultAt(0);
      assertThat((Long) all.resultAt(2)).as("drain ms").isLessThan(GRACE.toMillis() / 2);
      assertThat(second.body()).isEqualTo("203.0.113.7:40000");
      assertThat(second.header("connection")).isEqualTo("close");
      assertThat(server.openConnections()).isZero();
      tc.completeNow();
    })))));
  }

  @Test
  void proxyHeaderOverTcpGivesTheClientAddress(Vertx vertx, VertxTestContext tc) {
    HttpServerOptions options = new HttpServerOptions().setUseProxyProtocol(true);
    DrainableServer.listen(vertx, options, ECHO_CLIENT,
            SocketAddress.inetSocketAddress(0, "127.0.0.1"))
        .compose(s -> RawHttpConnection.connect(vertx,
            SocketAddress.inetSocketAddress(s.httpServer().actualPort(), "127.0.0.1")))
        .compose(conn -> conn.send(PROXY_HEADER + get("/")))
        .onComplete(tc.succeeding(response -> tc.verify(() -> {
          assertThat(response.body()).isEqualTo("203.0.113.7:40000");
          tc.completeNow();
        })));
  }

  @Test
  void domainSocketWithoutNativeTransportFailsWithAClearMessage(Vertx vertx,
      VertxTestContext tc) {
    Assumptions.assumeFalse(vertx.isNativeTransportEnabled(),
        "the injected Vert.x has the native transport: nothing to refuse");
    SocketAddress address = SocketAddress.domainSocketAddress(dir.resolve("x.sock").toString());
    DrainableServer.listen(vertx, new HttpServerOptions(), ECHO_CLIENT, address)
        .onComplete(tc.failing(e -> tc.verify(() -> {
          assertThat(e).hasMessageContaining("native transport");
          tc.completeNow();
        })));
  }
}

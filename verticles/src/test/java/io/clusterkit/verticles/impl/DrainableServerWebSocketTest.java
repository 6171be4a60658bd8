package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSockets upgraded from a vertx-web Router get a 1001 close frame when the drain starts. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DrainableServerWebSocketTest {

  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final short GOING_AWAY = 1001;

  private DrainableServer server;
  /** Held by the test: Vert.x closes a client that is garbage-collected, mid-handshake or not. */
  private WebSocketClient client;

  private Future<DrainableServer> listen(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route("/ws").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(ws -> ws.textMessageHandler(ws::writeTextMessage)));
    router.route("/").handler(ctx -> ctx.end("ok"));
    return DrainableServer.listen(vertx, new HttpServerOptions(), router,
        SocketAddress.inetSocketAddress(0, "127.0.0.1")).onSuccess(s -> server = s);
  }

  private Future<WebSocket> connectWebSocket(Vertx vertx) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(server.httpServer().actualPort()).setURI("/ws");
    client = vertx.createWebSocketClient();
    return client.connect(options);
  }

  /** @return a future completed with the status of the close frame the client received */
  private static Future<Short> closeStatus(WebSocket ws) {
    Promise<Short> status = Promise.promise();
    ws.closeHandler(v -> status.complete(ws.closeStatusCode()));
    return status.future();
  }

  @Test
  void openWebSocketGetsGoingAwayWhenDrainStarts(Vertx vertx, VertxTestContext tc) {
    listen(vertx).compose(s -> connectWebSocket(vertx)).onComplete(tc.succeeding(ws -> {
      Future<Short> status = closeStatus(ws);
      long start = System.nanoTime();
      Future<Void> drained = server.drain(GRACE);
      Future.all(status, drained).onComplete(tc.succeeding(all -> tc.verify(() -> {
        assertThat(status.result()).isEqualTo(GOING_AWAY);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
            .as("drain waits for the close handshake, not the grace period")
            .isLessThan(GRACE.toMillis() / 2);
        tc.completeNow();
      })));
    }));
  }

  @Test
  void webSocketUpgradedWhileDrainingGetsGoingAway(Vertx vertx, VertxTestContext tc) {
    // An idle connection, known to the server once its first request is answered, keeps the
    // drain from finishing while the WebSocket connects.
    listen(vertx)
        .compose(s -> RawHttpConnection.connect(vertx,
            SocketAddress.inetSocketAddress(s.httpServer().actualPort(), "127.0.0.1")))
        .compose(idle -> idle.send(RawHttpConnection.get("/")))
        .onComplete(tc.succeeding(answered -> {
          server.drain(GRACE);
          connectWebSocket(vertx).compose(DrainableServerWebSocketTest::closeStatus)
              .onComplete(tc.succeeding(status -> tc.verify(() -> {
                assertThat(status).isEqualTo(GOING_AWAY);
                tc.completeNow();
              })));
        }));
  }
}

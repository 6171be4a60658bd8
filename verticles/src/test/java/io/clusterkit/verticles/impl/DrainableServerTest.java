package io.clusterkit.verticles.impl;

import static io.clusterkit.verticles.impl.RawHttpConnection.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.impl.RawHttpConnection.Response;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP/1.x drain behaviour, checked on the wire with a hand-written client. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DrainableServerTest {

  private static final Duration LONG_GRACE = Duration.ofSeconds(10);

  private final Promise<Void> slowArrived = Promise.promise();
  private final Promise<Void> neverArrived = Promise.promise();
  private DrainableServer server;

  /** "/slow" answers after 500 ms, "/never" never, anything else at once with "ok " + path. */
  private Handler<HttpServerRequest> handler(Vertx vertx) {
    return request -> {
      if (request.path().equals("/never")) {
        neverArrived.tryComplete();
        return;
      }
      if (request.path().equals("/slow")) {
        slowArrived.tryComplete();
        vertx.setTimer(500, id -> request.response().end("slow done"));
      } else {
        request.response().end("ok " + request.path());
      }
    };
  }

  private Future<RawHttpConnection> listenAndConnect(Vertx vertx) {
    return DrainableServer.listen(vertx, new HttpServerOptions(), handler(vertx),
            SocketAddress.inetSocketAddress(0, "127.0.0.1"))
        .compose(s -> {
          server = s;
          return RawHttpConnection.connect(vertx, serverAddress());
        });
  }

  private SocketAddress serverAddress() {
    return SocketAddress.inetSocketAddress(server.httpServer().actualPort(), "127.0.0.1");
  }

  /**
   * Drains with a long grace.
   *
   * @return a future completed with how long the drain took, in ms: under half the grace means
   *     the server closed the connections itself, not the deadline
   */
  private Future<Long> timedDrain() {
    long start = System.nanoTime();
    return server.drain(LONG_GRACE).map(v -> millisSince(start));
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Test
  void inFlightRequestIsAnsweredWithConnectionCloseThenClosed(Vertx vertx, VertxTestContext tc) {
    AtomicLong drainStart = new AtomicLong();
    listenAndConnect(vertx).onComplete(tc.succeeding(conn -> {
      Future<Response> response = conn.send(get("/slow"));
      Future<Void> drained = slowArrived.future().compose(v -> {
        tc.verify(() -> assertThat(server.inFlightRequests()).isEqualTo(1));
        drainStart.set(System.nanoTime());
        return server.drain(LONG_GRACE);
      });
      Future.all(response, conn.closed(), drained).onComplete(tc.succeeding(all -> tc.verify(() -> {
        assertThat(response.result().status()).isEqualTo(200);
        assertThat(response.result().body()).isEqualTo("slow done");
        assertThat(response.result().header("connection")).isEqualTo("close");
        assertThat(millisSince(drainStart.get())).isLessThan(LONG_GRACE.toMillis() / 2);
        assertThat(server.openConnections()).isZero();
        assertThat(server.inFlightRequests()).isZero();
        tc.completeNow();
      })));
    }));
  }

  @Test
  void serverWithNoConnectionStaysOpenUntilTheHandOffIsQuietThenCloses(Vertx vertx,
      VertxTestContext tc) {
    Promise<Void> quiet = Promise.promise();
    DrainableServer.listen(vertx, new HttpServerOptions(), handler(vertx),
            SocketAddress.inetSocketAddress(0, "127.0.0.1"))
        .compose(s -> {
          server = s;
          // no connection is open: only the hand-off's sockets still on their way keep it open
          Future<Void> drained = s.drain(LONG_GRACE, quiet.future());
          return RawHttpConnection.connect(vertx, serverAddress())
              .compose(late -> Future.all(late.send(get("/late")), late.closed()))
              .map(all -> {
                Response late = all.resultAt(0);
                tc.verify(() -> {
                  assertThat(late.body()).isEqualTo("ok /late");
                  assertThat(late.header("connection")).isEqualTo("close");
                  assertThat(drained.isComplete()).as("drained before the hand-off was quiet")
                      .isFalse();
                });
                quiet.complete();
                return drained;
              });
        })
        .compose(drained -> drained)
        .compose(v -> RawHttpConnection.connect(vertx, serverAddress())
            .transform(ar -> Future.succeededFuture(ar.succeeded())))
        .onComplete(tc.succeeding(connected -> tc.verify(() -> {
          assertThat(connected).as("connected after the server closed").isFalse();
          tc.completeNow();
        })));
  }

  @Test
  void idleKeepAliveConnectionGetsConnectionCloseOnItsNextRequest(Vertx vertx,
      VertxTestContext tc) {
    listenAndConnect(vertx).onComplete(tc.succeeding(conn -> conn.send(get("/before"))
        .compose(before -> {
          tc.verify(() -> assertThat(before.header("connection")).isNull());
          Future<Long> drained = timedDrain();
          return Future.all(conn.send(get("/after")), conn.closed(), drained);
        })
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          Response after = all.resultAt(0);
          assertThat((Long) all.resultAt(2)).isLessThan(LONG_GRACE.toMillis() / 2);
          assertThat(after.status()).isEqualTo(200);
          assertThat(after.body()).isEqualTo("ok /after");
          assertThat(after.header("connection")).isEqualTo("close");
          tc.completeNow();
        })))));
  }

  @Test
  void pipelinedRequestsAreAllAnsweredAndOnlyTheLastSaysClose(Vertx vertx, VertxTestContext tc) {
    listenAndConnect(vertx).onComplete(tc.succeeding(conn -> {
      Future<Response> first = conn.expectResponse();
      Future<Response> second = conn.expectResponse();
      conn.write(get("/slow") + get("/pipelined"));
      Future<Long> drained = slowArrived.future().compose(v -> timedDrain());
      Future.all(first, second, conn.closed(), drained).onComplete(tc.succeeding(all ->
          tc.verify(() -> {
            assertThat(drained.result()).isLessThan(LONG_GRACE.toMillis() / 2);
            assertThat(first.result().body()).isEqualTo("slow done");
            assertThat(first.result().header("connection")).isNull();
            assertThat(second.result().body()).isEqualTo("ok /pipelined");
            assertThat(second.result().header("connection")).isEqualTo("close");
            tc.completeNow();
          })));
    }));
  }

  @Test
  void http10KeepAliveRequestDuringDrainGetsConnectionClose(Vertx vertx, VertxTestContext tc) {
    String http10KeepAlive = "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    listenAndConnect(vertx).onComplete(tc.succeeding(conn -> conn.send(http10KeepAlive)
        .compose(before -> {
          tc.verify(() -> assertThat(before.header("connection")).isEqualTo("keep-alive"));
          Future<Long> drained = timedDrain();
          return Future.all(conn.send(http10KeepAlive), conn.closed(), drained);
        })
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          Response after = all.resultAt(0);
          assertThat((Long) all.resultAt(2)).isLessThan(LONG_GRACE.toMillis() / 2);
          assertThat(after.statusLine()).startsWith("HTTP/1.0 200");
          assertThat(after.header("connection")).isEqualTo("close");
          tc.completeNow();
        })))));
  }

  @Test
  void idleConnectionIsClosedAtTheGraceDeadlineNotBefore(Vertx vertx, VertxTestContext tc) {
    Duration grace = Duration.ofMillis(1500);
    Checkpoint checks = tc.checkpoint(2);
    // The server accepts and registers connections in order on one event loop: once "late" has
    // been answered, "idle", which never sends a byte, is registered too.
    listenAndConnect(vertx).onComplete(tc.succeeding(idle ->
        RawHttpConnection.connect(vertx, serverAddress()).onComplete(tc.succeeding(late ->
            late.send(get("/warm-up")).onComplete(tc.succeeding(warmUp -> {
          tc.verify(() -> assertThat(server.openConnections()).isEqualTo(2));
          long start = System.nanoTime();
          Future<Void> drained = server.drain(grace);
          // A third of the way to the deadline, a request on another idle connection is served
          // while the first idle connection is still open.
          vertx.setTimer(grace.toMillis() / 3, id -> late.send(get("/late"))
              .onComplete(tc.succeeding(response -> tc.verify(() -> {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isEqualTo("close");
                assertThat(idle.isClosed()).as("idle connection closed before the deadline")
                    .isFalse();
                checks.flag();
              }))));
          Future.all(idle.closed(), drained).onComplete(tc.succeeding(all -> tc.verify(() -> {
            long closedAfter = TimeUnit.NANOSECONDS.toMillis(idle.closed().result() - start);
            assertThat(closedAfter).isBetween(grace.toMillis() - 50, grace.toMillis() + 5_000);
            assertThat(server.openConnections()).isZero();
            checks.flag();
          })));
        }))))));
  }

  @Test
  void requestUnansweredAtTheDeadlineIsCutAndTheDrainEnds(Vertx vertx, VertxTestContext tc) {
    Duration grace = Duration.ofMillis(300);
    listenAndConnect(vertx).onComplete(tc.succeeding(conn -> {
      Future<Response> response = conn.send(get("/never"));
      long[] start = new long[1];
      Future<Void> drained = neverArrived.future().compose(v -> {
        start[0] = System.nanoTime();
        return server.drain(grace);
      });
      Future.all(conn.closed(), drained).onComplete(tc.succeeding(all ->
          tc.verify(() -> {
            assertThat(millisSince(start[0])).isGreaterThanOrEqualTo(grace.toMillis());
            assertThat(response.failed()).as("response to /never").isTrue();
            assertThat(server.openConnections()).isZero();
            assertThat(server.inFlightRequests()).isZero();
            tc.completeNow();
          })));
    }));
  }

  @Test
  void drainWithoutConnectionsCompletesAtOnceAndClosesTheServer(Vertx vertx,
      VertxTestContext tc) {
    DrainableServer.listen(vertx, new HttpServerOptions(), handler(vertx),
            SocketAddress.inetSocketAddress(0, "127.0.0.1"))
        .onComplete(tc.succeeding(s -> {
          server = s;
          SocketAddress address = serverAddress();
          long start = System.nanoTime();
          Future<Void> drained = s.drain(LONG_GRACE);
          tc.verify(() -> assertThat(s.drain(LONG_GRACE)).isSameAs(drained));
          drained
              .onSuccess(v -> tc.verify(() -> {
                assertThat(millisSince(start)).isLessThan(2_000);
                assertThat(s.draining()).isTrue();
              }))
              .compose(v -> RawHttpConnection.connect(vertx, address))
              .onComplete(tc.failing(refused -> tc.completeNow()));
        }));
  }

  @Test
  void drainCompletesWhenTheLastConnectionClosesWellBeforeGrace(Vertx vertx,
      VertxTestContext tc) {
    listenAndConnect(vertx).onComplete(tc.succeeding(conn -> conn.send(get("/")).onComplete(
        tc.succeeding(first -> {
          long start = System.nanoTime();
          Future<Void> drained = server.drain(LONG_GRACE);
          tc.verify(() -> assertThat(server.openConnections()).isEqualTo(1));
          conn.close();
          drained.onComplete(tc.succeeding(v -> tc.verify(() -> {
            assertThat(millisSince(start)).isLessThan(LONG_GRACE.toMillis() / 2);
            tc.completeNow();
          })));
        }))));
  }
}

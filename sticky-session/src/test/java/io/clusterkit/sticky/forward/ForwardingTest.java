package io.clusterkit.sticky.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.SlotLoad;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Connections reach their worker with the real client address, spread, fail over, stream. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ForwardingTest {

  private RouterFixture fixture;
  private HttpClient client;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    fixture = new RouterFixture(dir);
    client = fixture.httpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterEach
  void tearDown(VertxTestContext test) {
    fixture.close().onComplete(test.succeedingThenComplete());
  }

  @Test
  void workerOnUnixSocketSeesTheRealClientAndPublicAddress(VertxTestContext test) {
    fixture.unixBackend("w0")
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> RouterFixture.get(client, port).map(reply -> List.of(reply, port)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          RouterFixture.Reply reply = (RouterFixture.Reply) result.get(0);
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.body()).as("worker id, client as the worker saw it, public address")
              .isEqualTo("w0 " + reply.clientAddress() + " 127.0.0.1:" + result.get(1));
          test.completeNow();
        })));
  }

  @Test
  void withoutProxyProtocolTheWorkerGetsTheClientBytesOnly(VertxTestContext test) {
    fixture.backend("w0", SocketAddress.inetSocketAddress(0, "127.0.0.1"), false)
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options().setProxyProtocol(false));
        })
        .compose(port -> RouterFixture.get(client, port))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).as("no PROXY line before the request").isEqualTo(200);
          assertThat(reply.body()).startsWith("w0 127.0.0.1:")
              .as("the worker sees the router's side").doesNotContain(reply.clientAddress());
          test.completeNow();
        })));
  }

  @Test
  void spreadsNewConnectionsRoundRobinOverTwoWorkers(VertxTestContext test) {
    Future.all(fixture.unixBackend("w0"), fixture.tcpBackend("w1"))
        .compose(backends -> {
          fixture.table.route(0, 1, backends.resultAt(0));
          fixture.table.route(1, 1, backends.resultAt(1));
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> sequentialGets(port, 4))
        .onComplete(test.succeeding(workers -> test.verify(() -> {
          assertThat(workers).containsExactly("w0", "w1", "w0", "w1");
          test.completeNow();
        })));
  }

  @Test
  void refusedWorkerFailsOverToTheNextSlot(VertxTestContext test) {
    SocketAddress nobody = SocketAddress.domainSocketAddress(
        fixture.dir.resolve("nobody.sock").toString());
    fixture.unixBackend("w1")
        .compose(backend -> {
          fixture.table.route(0, 1, nobody);
          fixture.table.route(1, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> sequentialGets(port, 3))
        .onComplete(test.succeeding(workers -> test.verify(() -> {
          assertThat(workers).containsExactly("w1", "w1", "w1");
          assertThat(fixture.table.ready().get(0)).as("failed connects are not counted")
              .isEqualTo(new SlotLoad(0, 0));
          test.completeNow();
        })));
  }

  @Test
  void largeBodiesArriveIntactBothWays(VertxTestContext test) {
    byte[] bytes = new byte[6 * 1024 * 1024];
    new Random(42).nextBytes(bytes);
    Buffer body = Buffer.buffer(bytes);
    fixture.unixBackend("w0")
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> RouterFixture.post(client, port, body))
        .onComplete(test.succeeding(echoed -> test.verify(() -> {
          assertThat(echoed.length()).isEqualTo(bytes.length);
          assertThat(echoed.getBytes()).isEqualTo(bytes);
          test.completeNow();
        })));
  }

  @Test
  void clientThatHalfClosesAfterItsRequestStillGetsTheResponse(VertxTestContext test) {
    fixture.tcpBackend("w0")
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> fixture.vertx.executeBlocking(() -> RawHttp.exchange(port,
            "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", new byte[0], true)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result.reset()).as("reset: %s", result.resetMessage()).isFalse();
          assertThat(result.status()).as(result.text()).isEqualTo(200);
          assertThat(result.body()).startsWith("w0 127.0.0.1:");
          test.completeNow();
        })));
  }

  private Future<List<String>> sequentialGets(int port, int count) {
    List<String> workers = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < count; i++) {
      chain = chain.compose(v -> RouterFixture.get(client, port).map(reply -> {
        workers.add(reply.body().split(" ")[0]);
        return null;
      }));
    }
    return chain.map(v -> workers);
  }
}

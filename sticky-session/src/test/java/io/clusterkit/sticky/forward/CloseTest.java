package io.clusterkit.sticky.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** When either end closes, the other is closed too, and the client never gets a reset. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class CloseTest {

  private RouterFixture fixture;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    fixture = new RouterFixture(dir);
  }

  @AfterEach
  void tearDown(VertxTestContext test) {
    fixture.close().onComplete(test.succeedingThenComplete());
  }

  @Test
  void clientThatGoesAwayClosesItsWorkerConnection(VertxTestContext test) {
    Promise<Void> workerSideClosed = Promise.promise();
    NetSocket[] client = new NetSocket[1];
    fixture.unixBackend("w0")
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> fixture.netClient().connect(port, "127.0.0.1"))
        .compose(socket -> {
          client[0] = socket;
          return socket.write("GET /hold HTTP/1.1\r\nHost: test\r\n\r\n");
        })
        .compose(v -> fixture.held.future())
        .compose(connection -> {
          connection.closeHandler(v -> workerSideClosed.tryComplete());
          test.verify(() -> assertThat(fixture.router.activeConnections()).isEqualTo(1));
          return client[0].close();
        })
        .compose(v -> workerSideClosed.future())
        .onComplete(test.succeedingThenComplete());
  }

  @Test
  void workerThatClosesAfterItsAnswerEndsTheClientWithFinNotReset(VertxTestContext test) {
    fixture.unixBackend("w0")
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(port -> fixture.vertx.executeBlocking(() -> RawHttp.exchange(port,
            "GET /bye HTTP/1.1\r\nHost: test\r\n\r\n", new byte[0], false)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result.reset()).as("reset: %s", result.resetMessage()).isFalse();
          assertThat(result.status()).as(result.text()).isEqualTo(200);
          assertThat(result.body()).isEqualTo("bye from w0");
          test.completeNow();
        })));
  }
}

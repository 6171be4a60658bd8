package io.clusterkit.sticky.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.SlotLoad;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The public port: a clear error when taken; closing it leaves established connections be. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RouterLifecycleTest {

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
  void portInUseFailsWithAClearMessage(VertxTestContext test) throws Exception {
    ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    int port = taken.getLocalPort();
    fixture.startRouter(RouterFixture.options().setPort(port))
        .onComplete(ar -> {
          try {
            taken.close();
          } catch (java.io.IOException ignored) {
            // the test is over either way
          }
        })
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).isInstanceOf(BindException.class)
              .hasMessage("port " + port + " on 127.0.0.1 is already in use");
          test.completeNow();
        })));
  }

  @Test
  void stopAcceptingRefusesNewConnectionsButKeepsAnEstablishedOne(VertxTestContext test) {
    HttpClient client = fixture.httpClient(
        new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(1));
    int[] port = new int[1];
    String[] first = new String[1];
    fixture.unixBackend("w0")
        .compose(backend -> {
          fixture.table.route(0, 1, backend);
          return fixture.startRouter(RouterFixture.options());
        })
        .compose(bound -> {
          port[0] = bound;
          return RouterFixture.get(client, bound);
        })
        .compose(reply -> {
          first[0] = reply.clientAddress();
          test.verify(() -> {
            assertThat(fixture.router.activeConnections()).isEqualTo(1);
            assertThat(fixture.table.ready()).containsExactly(new SlotLoad(0, 1));
          });
          return fixture.router.stopAccepting();
        })
        .compose(v -> fixture.netClient().connect(port[0], "127.0.0.1")
            .transform(ar -> {
              test.verify(() -> assertThat(ar.failed())
                  .as("a new connection after stopAccepting is refused").isTrue());
              return RouterFixture.get(client, port[0]);
            }))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.clientAddress()).as("the same keep-alive connection")
              .isEqualTo(first[0]);
          test.completeNow();
        })));
  }

  @Test
  void listenTwiceFails(VertxTestContext test) {
    fixture.startRouter(RouterFixture.options())
        .compose(port -> fixture.router.listen())
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).hasMessageEndingWith("listen() was already called");
          test.completeNow();
        })));
  }
}

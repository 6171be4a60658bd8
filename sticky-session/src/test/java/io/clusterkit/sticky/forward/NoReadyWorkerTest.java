package io.clusterkit.sticky.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.sticky.RouterStats;
import io.clusterkit.sticky.net.ServiceUnavailable;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** With no READY worker a connection waits (bounded), then gets the router's 503: no reset. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class NoReadyWorkerTest {

  private static final String GET = "GET / HTTP/1.1\r\nHost: test\r\n\r\n";

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
  void answers503AfterTheQueueTimeoutAndClosesWithoutReset(VertxTestContext test) {
    fixture.startRouter(RouterFixture.options())
        .compose(port -> fixture.vertx.executeBlocking(
            () -> RawHttp.exchange(port, GET, new byte[0], false)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result.reset()).as("reset: %s", result.resetMessage()).isFalse();
          assertThat(result.status()).as(result.text()).isEqualTo(503);
          assertThat(result.headers()).containsEntry("connection", "close")
              .containsEntry("retry-after", "1")
              .containsEntry("content-type", "text/plain; charset=utf-8");
          assertThat(result.body()).isEqualTo(ServiceUnavailable.BODY);
          assertThat(result.elapsedMillis()).as("waited for the queue timeout first")
              .isGreaterThanOrEqualTo(RouterFixture.QUEUE_TIMEOUT.toMillis() - 50);
          RouterStats stats = fixture.router.stats();
          assertThat(stats.accepted()).as("accepted").isEqualTo(1);
          assertThat(stats.queued()).as("queued").isEqualTo(1);
          assertThat(stats.unavailable()).as("answered 503").isEqualTo(1);
          assertThat(stats.routed()).as("routed").isEmpty();
          test.completeNow();
        })));
  }

  @Test
  void answers503WithoutResetWhenTheRequestBodyWasNeverRead(VertxTestContext test) {
    byte[] body = new byte[2 * 1024 * 1024];
    String head = "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length
        + "\r\n\r\n";
    fixture.startRouter(RouterFixture.options())
        .compose(port -> fixture.vertx.executeBlocking(
            () -> RawHttp.exchange(port, head, body, false)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result.reset()).as("reset: %s", result.resetMessage()).isFalse();
          assertThat(result.status()).as(result.text()).isEqualTo(503);
          test.completeNow();
        })));
  }

  @Test
  void zeroQueueTimeoutAnswersAtOnce(VertxTestContext test) {
    fixture.startRouter(RouterFixture.options().setQueueTimeout(Duration.ZERO))
        .compose(port -> fixture.vertx.executeBlocking(
            () -> RawHttp.exchange(port, GET, new byte[0], false)))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result.status()).as(result.text()).isEqualTo(503);
          assertThat(result.elapsedMillis()).isLessThan(RouterFixture.QUEUE_TIMEOUT.toMillis());
          test.completeNow();
        })));
  }

  @Test
  void waitingConnectionIsServedAsSoonAsAWorkerIsRouted(VertxTestContext test) {
    long routeAfterMs = 300;
    HttpClient client = fixture.httpClient(new HttpClientOptions().setKeepAlive(false));
    fixture.unixBackend("w0")
        .compose(backend -> fixture.startRouter(RouterFixture.options()
                .setQueueTimeout(Duration.ofSeconds(10)))
            .compose(port -> {
              long started = System.nanoTime();
              fixture.vertx.setTimer(routeAfterMs, id -> fixture.table.route(0, 1, backend));
              return RouterFixture.get(client, port)
                  .map(reply -> new Object[] {reply, (System.nanoTime() - started) / 1_000_000});
            }))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          RouterFixture.Reply reply = (RouterFixture.Reply) result[0];
          long elapsed = (Long) result[1];
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.body()).startsWith("w0 ");
          assertThat(elapsed).as("served when routed, long before the queue timeout")
              .isBetween(routeAfterMs - 50, 5_000L);
          RouterStats stats = fixture.router.stats();
          assertThat(stats.queued()).as("queued").isEqualTo(1);
          assertThat(stats.routed()).as("routed").containsExactly(java.util.Map.entry(0, 1L));
          assertThat(stats.unavailable()).as("answered 503").isZero();
          test.completeNow();
        })));
  }
}

package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP/2 (TLS with ALPN): a stream in flight when the drain starts still completes. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class DrainableServerHttp2Test {

  private static final Duration GRACE = Duration.ofSeconds(10);

  @Test
  void streamInFlightCompletesAndTheDrainEndsWithIt(Vertx vertx, VertxTestContext tc) {
    Promise<Void> arrived = Promise.promise();
    SelfSignedCertificate certificate = SelfSignedCertificate.create();
    HttpServerOptions options = new HttpServerOptions()
        .setSsl(true).setUseAlpn(true).setKeyCertOptions(certificate.keyCertOptions());
    DrainableServer.listen(vertx, options, request -> {
      arrived.tryComplete();
      vertx.setTimer(500, id -> request.response().end("slow done"));
    }, SocketAddress.inetSocketAddress(0, "127.0.0.1")).onComplete(tc.succeeding(server -> {
      HttpClientOptions clientOptions = new HttpClientOptions()
          .setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
          .setTrustAll(true).setVerifyHost(false);
      // held until the end: Vert.x closes an HttpClient that is garbage-collected ("Pool closed")
      HttpClient client = vertx.createHttpClient(clientOptions);
      Future<HttpClientResponse> response = client.request(HttpMethod.GET, server.httpServer().actualPort(), "127.0.0.1", "/slow")
          .compose(request -> request.send());
      long[] drainStart = new long[1];
      Future<Void> drained = arrived.future().compose(v -> {
        drainStart[0] = System.nanoTime();
        return server.drain(GRACE);
      });
      Future<String> body = response.compose(r -> r.body()).map(Object::toString);
      Future.all(body, drained).onComplete(tc.succeeding(all -> tc.verify(() -> {
        assertThat(response.result().version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(body.result()).isEqualTo("slow done");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart[0]))
            .isLessThan(GRACE.toMillis() / 2);
        assertThat(server.openConnections()).isZero();
        client.close();
        tc.completeNow();
      })));
    }));
  }
}

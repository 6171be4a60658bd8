package io.clusterkit.verticles.impl;

import static io.clusterkit.verticles.impl.RawHttpConnection.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
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
 * With the launcher's health check on, {@code serve()} also listens on the worker's private
 * probe socket: the same handler answers there, over plain HTTP without a PROXY header (which the
 * forwarded listener requires), probe requests are not counted as the worker's traffic, and the
 * probe listener drains with the rest.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class WorkerServicesProbeTest {

  @TempDir
  Path dir;
  private Vertx nativeVertx;
  private WorkerRuntime runtime;

  @BeforeEach
  void startForwardedWorker() {
    nativeVertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    Assumptions.assumeTrue(nativeVertx.isNativeTransportEnabled(),
        "Unix domain sockets need the native epoll transport, unavailable here: "
            + nativeVertx.unavailableNativeTransportCause());
    // as a forwarded worker: its server expects the launcher's PROXY header on every connection
    runtime = new WorkerRuntime(0, 1,
        SocketAddress.domainSocketAddress(dir.resolve("w0-1.sock").toString()), true);
    runtime.probeAddress(SocketAddress.domainSocketAddress(
        dir.resolve("w0-1-health.sock").toString()));
    WorkerRuntime.install(runtime);
  }

  @AfterEach
  void uninstall() throws Exception {
    WorkerRuntime.install(null);
    nativeVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void probeSocketAnswersWithTheSameHandlerUncountedAndDrainsWithTheRest(VertxTestContext tc) {
    SocketAddress probe = runtime.probeAddress();
    WorkerServices.serve(nativeVertx, new JsonObject(), new HttpServerOptions().setSsl(false),
            request -> request.response().end("answer to " + request.path()))
        .compose(server -> {
          tc.verify(() -> assertThat(runtime.probed()).isTrue());
          return RawHttpConnection.connect(nativeVertx, probe);
        })
        .compose(conn -> conn.send(get("/healthz")).eventually(conn::close))
        .compose(response -> {
          tc.verify(() -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("answer to /healthz");
            assertThat(runtime.requestsReceived()).as("probe requests are not traffic").isZero();
          });
          return runtime.drainAll(Duration.ofSeconds(1));
        })
        .compose(drained -> RawHttpConnection.connect(nativeVertx, probe))
        .onComplete(tc.failing(refused -> tc.completeNow()));
  }

  @Test
  void withoutAHealthCheckNothingListensForProbes(VertxTestContext tc) {
    runtime.probeAddress(null);
    WorkerServices.serve(nativeVertx, new JsonObject(), new HttpServerOptions(),
            request -> request.response().end())
        .onComplete(tc.succeeding(server -> tc.verify(() -> {
          assertThat(runtime.probed()).isFalse();
          assertThat(dir.resolve("w0-1-health.sock")).doesNotExist();
          tc.completeNow();
        })));
  }
}

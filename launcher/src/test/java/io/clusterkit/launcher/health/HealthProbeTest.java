package io.clusterkit.launcher.health;

import static io.clusterkit.launcher.health.ContextConditions.whenTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.HealthCheckOptions;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Event;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The launcher's HTTP health check against a real server: a starting worker is READY only once a
 * check passes; a READY one is reported unhealthy once, after the failures in a row; a check
 * without an answer fails by its timeout, one of a closed port as refused.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthProbeTest {

  private static final HealthCheckOptions OPTIONS = new HealthCheckOptions("/healthz")
      .setInterval(Duration.ofMillis(100))
      .setTimeout(Duration.ofMillis(300))
      .setFailures(2);

  private final List<Event> posted = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(503);
  private final AtomicInteger hits = new AtomicInteger();
  private volatile List<WorkerInfo> workers = List.of(worker(1, WorkerState.STARTING));
  /** The probe's context: every call to the probe, and checks of its state, run there. */
  private Context context;
  private HealthCheckClient client;

  private static WorkerInfo worker(int gen, WorkerState state) {
    return new WorkerInfo(0, gen, 4711, state, Duration.ZERO, 0);
  }

  /** A server answering GET /healthz with the current status (or never, for status 0). */
  private SocketAddress server(Vertx vertx) {
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/healthz")) {
        hits.incrementAndGet();
      }
      if (status.get() > 0) {
        request.response().setStatusCode(status.get()).end();
      }
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join()
        .actualPort();
    return SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  /** A client held by the test: Vert.x closes a client that is garbage-collected. */
  private HealthCheckClient client(Vertx vertx) {
    client = new HealthCheckClient(vertx, OPTIONS.getPath(), OPTIONS.getTimeout());
    return client;
  }

  /** A probe whose Ready events make the worker READY, as the supervisor would. */
  private HealthProbe probe(Vertx vertx) {
    context = vertx.getOrCreateContext();
    CompletableFuture<HealthProbe> created = new CompletableFuture<>();
    context.runOnContext(v -> created.complete(new HealthProbe(vertx, OPTIONS,
        () -> workers, event -> {
          posted.add(event);
          if (event instanceof Event.Ready ready) {
            workers = List.of(worker(ready.gen(), WorkerState.READY));
          }
        })));
    return created.join();
  }

  @Test
  void startingWorkerIsReadyOnlyOnceACheckPasses(Vertx vertx, VertxTestContext test) {
    SocketAddress address = server(vertx);
    HealthProbe probe = probe(vertx);
    context.runOnContext(v -> probe.admit(0, 1, 4711, address));
    whenTrue(vertx, context, () -> hits.get() >= 3, test, () -> {
      test.verify(() -> {
        assertThat(posted).as("no READY while the checks fail").isEmpty();
        assertThat(probe.state(0, 1).getBoolean("waiting")).isTrue();
        assertThat(probe.state(0, 1).getString("lastFailure")).isEqualTo("503");
      });
      status.set(204);
      whenTrue(vertx, context, () -> !posted.isEmpty(), test, () -> test.verify(() -> {
        assertThat(posted).containsExactly(new Event.Ready(0, 1));
        assertThat(probe.state(0, 1).getBoolean("waiting")).isFalse();
        test.completeNow();
      }));
    });
  }

  @Test
  void startingWorkerWhoseCheckAnswersOnly404IsRejectedOnceAfterTheLimit(Vertx vertx,
      VertxTestContext test) {
    status.set(404);
    SocketAddress address = server(vertx);
    context = vertx.getOrCreateContext();
    long admitted = System.nanoTime();
    HealthProbe probe = new HealthProbe(vertx, OPTIONS, () -> workers, posted::add,
        Duration.ofMillis(600));
    context.runOnContext(v -> probe.admit(0, 1, 4711, address));
    whenTrue(vertx, context, () -> !posted.isEmpty(), test, () -> {
      long rejectedAfterMillis = (System.nanoTime() - admitted) / 1_000_000;
      int hitsAtReport = hits.get();
      // a few more checks: still not routed to, and not reported again
      whenTrue(vertx, context, () -> hits.get() >= hitsAtReport + 3, test,
          () -> test.verify(() -> {
            assertThat(rejectedAfterMillis).as("rejected no earlier than the limit")
                .isGreaterThanOrEqualTo(600);
            assertThat(posted).hasSize(1);
            Event.BootRejected rejected = (Event.BootRejected) posted.get(0);
            assertThat(rejected.slot()).isZero();
            assertThat(rejected.gen()).isEqualTo(1);
            assertThat(rejected.reason()).startsWith("health check GET /healthz answered 404 "
                + "(Not Found) for ").endsWith(" s: is /healthz a route of the application "
                + "(-health)?");
            test.completeNow();
          }));
    });
  }

  @Test
  void a404ThatTurnsIntoA503StartsTheLimitAgain(Vertx vertx, VertxTestContext test) {
    status.set(404);
    SocketAddress address = server(vertx);
    context = vertx.getOrCreateContext();
    HealthProbe probe = new HealthProbe(vertx, OPTIONS, () -> workers, posted::add,
        Duration.ofMillis(1500));
    context.runOnContext(v -> probe.admit(0, 1, 4711, address));
    whenTrue(vertx, context, () -> hits.get() >= 3, test, () -> {
      status.set(503);
      int at503 = hits.get();
      whenTrue(vertx, context, () -> hits.get() >= at503 + 3, test, () -> {
        status.set(404);
        int back = hits.get();
        // 5 more checks of 404 (about 1 s) stay under the 1.5 s limit counted from the last 503
        whenTrue(vertx, context, () -> hits.get() >= back + 5, test,
            () -> test.verify(() -> {
              assertThat(posted).as("not rejected: the 404s were not in a row for 1.5 s")
                  .isEmpty();
              test.completeNow();
            }));
      });
    });
  }

  @Test
  void readyWorkerIsReportedUnhealthyOnceAfterTheFailuresInARow(Vertx vertx,
      VertxTestContext test) {
    status.set(200);
    SocketAddress address = server(vertx);
    HealthProbe probe = probe(vertx);
    context.runOnContext(v -> {
      probe.start();
      probe.admit(0, 1, 4711, address);
    });
    whenTrue(vertx, context, () -> posted.size() == 1 && hits.get() >= 4, test, () -> {
      test.verify(() -> assertThat(probe.state(0, 1).getInteger("failures")).isZero());
      status.set(503);
      int failingFrom = hits.get();
      whenTrue(vertx, context, () -> posted.size() >= 2, test, () -> {
        int reportedAt = hits.get();
        // a few more rounds: no second report of the same worker, and it is no longer checked
        vertx.setTimer(500, t -> test.verify(() -> {
          assertThat(posted).containsExactly(new Event.Ready(0, 1),
              new Event.Unhealthy(0, 1, "health check GET /healthz failed 2 times: 503"));
          assertThat(reportedAt - failingFrom).as("checks until the report").isBetween(1, 3);
          assertThat(hits.get()).as("checks after the report").isLessThanOrEqualTo(reportedAt + 1);
          test.completeNow();
        }));
      });
    });
  }

  @Test
  void checkWithoutAnAnswerFailsByItsTimeout(Vertx vertx, VertxTestContext test) {
    status.set(0);
    SocketAddress address = server(vertx);
    long start = System.nanoTime();
    vertx.runOnContext(v -> client(vertx).check(address).onComplete(test.succeeding(outcome ->
        test.verify(() -> {
          assertThat(outcome).isEqualTo(new ProbeOutcome(false, "timed out after 300 ms"));
          assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis())
              .isBetween(250L, 5_000L);
          test.completeNow();
        }))));
  }

  @Test
  void checkOfAServerThatSpeaksTlsSpeaksTlsAndTrustsItsSelfSignedCertificate(Vertx vertx,
      VertxTestContext test) throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(cert.keyCertOptions()))
        .requestHandler(request -> request.response()
            .setStatusCode(request.isSSL() && request.path().equals("/healthz") ? 204 : 500)
            .end());
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join()
        .actualPort();
    SocketAddress address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    vertx.runOnContext(v -> {
      // a first TLS handshake in a busy JVM can outlast the other tests' 300 ms
      client = new HealthCheckClient(vertx, OPTIONS.getPath(), Duration.ofSeconds(10));
      HealthCheckClient checks = client;
      checks.check(address).compose(plain -> {
        checks.speaksTls(address, true);
        return checks.check(address).map(tls -> List.of(plain, tls));
      }).onComplete(test.succeeding(outcomes -> test.verify(() -> {
        assertThat(outcomes.get(0).passed()).as("plain HTTP to a TLS server: %s",
            outcomes.get(0)).isFalse();
        assertThat(outcomes.get(1)).as("over TLS").isEqualTo(ProbeOutcome.ofStatus(204));
        assertThat(checks.tls(address)).isTrue();
        checks.retainTls(List.of());
        assertThat(checks.tls(address)).as("forgotten with its worker").isFalse();
        test.completeNow();
      })));
    });
  }

  @Test
  void checkOfAClosedPortIsRefused(Vertx vertx, VertxTestContext test) {
    HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().end());
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join()
        .actualPort();
    server.close().toCompletionStage().toCompletableFuture().join();
    SocketAddress closed = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    vertx.runOnContext(v -> client(vertx).check(closed)
        .onComplete(test.succeeding(outcome -> test.verify(() -> {
          assertThat(outcome).isEqualTo(new ProbeOutcome(false, "connection refused"));
          test.completeNow();
        }))));
  }

  @Test
  void readinessChecksEndWhenTheWorkerIsReplacedBeforeItPasses(Vertx vertx,
      VertxTestContext test) {
    SocketAddress address = server(vertx);
    HealthProbe probe = probe(vertx);
    context.runOnContext(v -> probe.admit(0, 1, 4711, address));
    whenTrue(vertx, context, () -> hits.get() >= 1, test, () -> {
      workers = List.of(worker(2, WorkerState.STARTING)); // its boot timed out, gen 2 starts
      whenTrue(vertx, context, () -> probe.state(0, 1) == null, test, () -> {
        status.set(200);
        test.verify(() -> assertThat(posted).isEmpty());
        test.completeNow();
      });
    });
  }
}

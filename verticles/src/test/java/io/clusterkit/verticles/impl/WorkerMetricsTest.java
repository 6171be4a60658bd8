package io.clusterkit.verticles.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's meters: HTTP requests labelled by method, status and the route the router matched
 * (never the raw path), the response-time histogram, JVM and process meters, ClusterKit's own,
 * an application's meter, and the scrape the launcher gets over the event bus.
 */
class WorkerMetricsTest {

  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void scrapeLabelsRequestsByMatchedRouteAndCarriesJvmProcessAndApplicationMeters()
      throws Exception {
    WorkerMetrics metrics = WorkerMetrics.create(3, 7);
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    metrics.install(options, builder);
    vertx = builder.with(options).build();
    await(metrics.serve(vertx, 3, 7));
    Router router = Router.router(vertx);
    router.get("/items/:id").handler(rc -> rc.response().end("item " + rc.pathParam("id")));
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0,
        "127.0.0.1"));
    WorkerMetrics.registryOrNoop().counter("orders.placed", "shop", "main").increment(5);

    HttpClient client = vertx.createHttpClient();
    for (String path : List.of("/items/1", "/items/2", "/items/3", "/no/such/page")) {
      // the body is asked for on the event loop, as the response arrives: asked for later from
      // this thread, a response already ended would never complete it
      await(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
          .compose(request -> request.send()).compose(HttpClientResponse::body));
    }

    String text = await(vertx.eventBus().<String>request(Addresses.metrics(3, 7),
        "text/plain; version=0.0.4")).body();
    assertThat(text)
        .contains("vertx_http_server_requests_total{code=\"200\",gen=\"7\",method=\"GET\","
            + "route=\"/items/:id\",slot=\"3\"} 3.0")
        .contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",gen=\"7\","
            + "method=\"GET\",route=\"/items/:id\",slot=\"3\",le=\"0.001\"}")
        .contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
            "process_cpu_usage", "process_files_open_files", "clusterkit_event_loop_delay_seconds",
            "clusterkit_process_rss_bytes", "orders_placed_total{gen=\"7\",shop=\"main\",slot=\"3\"} 5.0")
        .doesNotContain("/items/1", "/no/such/page");
    assertThat(text.lines().filter(line -> line.startsWith("vertx_http_server_requests_total")))
        .as("a page no route matched gets no route of its own").hasSize(2);

    String open = await(vertx.eventBus().<String>request(Addresses.metrics(3, 7),
        WorkerMetrics.OPENMETRICS)).body();
    assertThat(open).endsWith("# EOF\n").contains("# TYPE vertx_http_server_requests counter");
  }

  @Test
  void responsesSumsEveryTimerWithTheFiveHundredsAndCumulativeBucketsThatNeverDecay()
      throws Exception {
    WorkerMetrics metrics = WorkerMetrics.create(0, 1);
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    metrics.install(options, builder);
    vertx = builder.with(options).build();
    Router router = Router.router(vertx);
    router.get("/ok").handler(rc -> rc.response().end("ok"));
    router.get("/slow").handler(rc -> vertx.setTimer(30, id -> rc.response().end("late")));
    router.get("/boom").handler(rc -> rc.response().setStatusCode(503).end());
    HttpServer server = await(vertx.createHttpServer().requestHandler(router).listen(0,
        "127.0.0.1"));
    assertThat(WorkerMetrics.responses().responses()).as("before any request").isZero();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (String path : List.of("/ok", "/ok", "/ok", "/slow", "/boom", "/boom")) {
      client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
          + server.actualPort() + path)).timeout(java.time.Duration.ofSeconds(10)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    WorkerMetrics.Responses first = WorkerMetrics.responses();
    assertThat(first.responses()).isEqualTo(6);
    assertThat(first.serverErrors()).isEqualTo(2);
    long[] latency = first.latency();
    assertThat(latency).hasSize(16);
    for (int i = 1; i < latency.length; i++) {
      assertThat(latency[i]).as("bucket %d counts every faster response too", i)
          .isGreaterThanOrEqualTo(latency[i - 1]);
    }
    assertThat(latency[latency.length - 1]).as("all within 10 s").isEqualTo(6);
    assertThat(latency[6]).as("the 30 ms response is over 10 ms").isLessThanOrEqualTo(5);
    WorkerMetrics.Responses again = WorkerMetrics.responses();
    assertThat(again.latency()).as("a second read counts the same: no window decays")
        .containsExactly(latency);
  }

  @Test
  void aSparesSeriesTakeTheSlotItIsGivenFromItsAssignmentOn() throws Exception {
    WorkerMetrics metrics = WorkerMetrics.create(-1, 4);
    VertxOptions options = new VertxOptions();
    VertxBuilder builder = Vertx.builder();
    metrics.install(options, builder);
    vertx = builder.with(options).build();
    WorkerMetrics.registryOrNoop().counter("before.slot").increment();

    await(metrics.serve(vertx, 2, 3));
    WorkerMetrics.registryOrNoop().counter("orders.placed").increment(2);

    String text = await(vertx.eventBus().<String>request(Addresses.metrics(2, 3),
        "text/plain; version=0.0.4")).body();
    assertThat(text).contains("orders_placed_total{gen=\"3\",slot=\"2\"} 2.0")
        .contains("before_slot_total{gen=\"0\",slot=\"spare\"} 1.0")
        .contains("clusterkit_process_rss_bytes{gen=\"3\",slot=\"2\"}");
  }
}

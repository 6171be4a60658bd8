package io.clusterkit.launcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.live.LiveStats;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's routes on a real Vert.x server: the page and every asset it loads come from
 * the launcher's own jar (uPlot from its WebJar), and the live stream sends the history first,
 * then one message per tick.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DashboardTest {

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private Context context;
  private LiveStats live;
  private int port;

  @BeforeEach
  void serve() throws Exception {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    live = new LiveStats(() -> 1_700_000_000_000L);
    CompletableFuture<HttpServer> bound = new CompletableFuture<>();
    context.runOnContext(v -> {
      Router router = Router.router(vertx);
      Dashboard.mount(router, live, null);
      vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .onComplete(ar -> {
            if (ar.succeeded()) {
              bound.complete(ar.result());
            } else {
              bound.completeExceptionally(ar.cause());
            }
          });
    });
    port = bound.get(10, TimeUnit.SECONDS).actualPort();
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageAndEveryAssetItLoadsComeFromTheJar() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'self'"));
    assertThat(page.body()).contains("src=\"uPlot.min.js\"", "src=\"dashboard.js\"")
        .doesNotContain("http://", "https://");
    for (String asset : List.of("/uPlot.min.js", "/uPlot.min.css", "/dashboard.js",
        "/dashboard.css")) {
      HttpResponse<String> answer = get(asset);
      assertThat(answer.statusCode()).as(asset).isEqualTo(200);
      assertThat(answer.body()).as(asset).isNotBlank();
    }
    assertThat(get("/uPlot.min.js").body()).contains("uPlot");
  }

  @Test
  void theStreamSendsTheHistoryThenEachTick() throws Exception {
    HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/live")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    Iterator<String> lines = stream.body().iterator();
    assertThat(lines.next()).isEqualTo("retry: 2000");
    assertThat(lines.next()).isEmpty();
    assertThat(lines.next()).isEqualTo("event: history");
    JsonObject history = new JsonObject(lines.next().substring("data: ".length()));
    assertThat(history.getJsonArray("t")).isEmpty();
    assertThat(history.getJsonArray("events")).isEmpty();
    lines.next();

    context.runOnContext(v -> {
      live.forked(0, 1, 4711);
      live.tick(List.of(new WorkerInfo(0, 1, 4711, WorkerState.STARTING, Duration.ZERO, 0)),
          (slot, gen) -> null, info -> "starting", System.nanoTime());
    });
    String data = lines.next();
    assertThat(data).startsWith("data: ");
    JsonObject tick = new JsonObject(data.substring("data: ".length()));
    assertThat(tick.getJsonArray("rows")).hasSize(1);
    assertThat(tick.getJsonArray("rows").getJsonObject(0).getString("health"))
        .isEqualTo("starting");
    assertThat(tick.getJsonArray("events").getJsonObject(0).getString("text"))
        .isEqualTo("slot 0 gen 1 pid 4711 forked");
    stream.body().close();
  }
}

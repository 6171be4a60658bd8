package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.examples.it.support.PrometheusServer;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code -metrics}: a real Prometheus server scrapes the cluster's one endpoint every second and
 * sees each slot's request rate under load, a killed worker's restart and exit, and the series of
 * the dead process gone; a stopped worker costs its own series and a counted scrape error, not
 * the scrape; OpenMetrics is served when asked for.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final ClusterKitExtension KIT = Clusters.hello(2).option("-metrics", "0")
      .option("-heartbeat-timeout", "30").extension();
  private static TestCluster launcher;
  private static int metricsPort;
  private static PrometheusServer prometheus;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startPrometheus() throws Exception {
    launcher = KIT.cluster();
    JsonObject metrics = launcher.status().getJsonObject("metrics");
    assertThat(metrics).as("the endpoint in /status").isNotNull();
    assertThat(metrics.getString("host")).isEqualTo("127.0.0.1");
    metricsPort = metrics.getInteger("port");
    Path dir = Files.createTempDirectory("clusterkit-prometheus-");
    prometheus = PrometheusServer.start(dir, "127.0.0.1:" + metricsPort);
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static HttpResponse<String> scrape(String accept, String timeoutSeconds)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(20));
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (timeoutSeconds != null) {
      request.header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> slotsOf(JsonArray result) {
    Set<String> slots = new HashSet<>();
    for (int i = 0; i < result.size(); i++) {
      JsonObject series = result.getJsonObject(i);
      if (PrometheusServer.value(series) > 0) {
        slots.add(series.getJsonObject("metric").getString("slot"));
      }
    }
    return slots;
  }

  @Test
  @Order(1)
  void prometheusSeesEverySlotsRequestRateUnderLoad() throws Exception {
    String rate = "sum by (slot) (rate(vertx_http_server_requests_total{code=\"200\"}[5s]))";
    try (LoadGenerator load = new LoadGenerator(launcher.port(), 4, 20, Duration.ofSeconds(90))) {
      Await.until(WAIT, () -> prometheus.query(rate), result -> slotsOf(result).size() == 2,
          "a request rate above 0 for slots 0 and 1 in Prometheus");
      assertThat(load.failures()).isEmpty();
    }
    JsonArray up = prometheus.query("up{job=\"clusterkit\"}");
    assertThat(PrometheusServer.value(up.getJsonObject(0))).as("the target is up").isEqualTo(1);
    JsonArray ready = prometheus.query("clusterkit_workers{state=\"READY\"}");
    assertThat(PrometheusServer.value(ready.getJsonObject(0))).isEqualTo(2);
    assertThat(prometheus.query("clusterkit_worker_boot_seconds_count")).isNotEmpty();
    assertThat(slotsOf(prometheus.query("clusterkit_router_connections_routed_total")))
        .as("the router handed connections to both slots").containsExactlyInAnyOrder("0", "1");
    JsonArray accepted = prometheus.query("clusterkit_router_connections_accepted_total");
    assertThat(PrometheusServer.value(accepted.getJsonObject(0))).isPositive();
  }

  @Test
  @Order(2)
  void killedWorkersRestartShowsAndItsSeriesGo() {
    long victim = launcher.worker(1).pid();
    long gen = launcher.worker(1).gen();
    TestCluster.signal(victim, "KILL");
    launcher.awaitWorker(1, w -> w.gen() == gen + 1 && w.ready(), WAIT);
    Await.until(WAIT, () -> prometheus.query("clusterkit_worker_restarts_total{slot=\"1\"}"),
        result -> !result.isEmpty() && PrometheusServer.value(result.getJsonObject(0)) >= 1,
        "slot 1's restart counter at 1 or more");
    Await.until(WAIT, () -> prometheus.query(
            "clusterkit_worker_exits_total{slot=\"1\",cause=\"crash\",planned=\"false\"}"),
        result -> !result.isEmpty() && PrometheusServer.value(result.getJsonObject(0)) >= 1,
        "slot 1's unplanned exit counted");
    String dead = "jvm_threads_live_threads{slot=\"1\",gen=\"" + gen + "\"}";
    String alive = "jvm_threads_live_threads{slot=\"1\",gen=\"" + (gen + 1) + "\"}";
    Await.until(WAIT, () -> prometheus.query(dead).isEmpty() && !prometheus.query(alive)
        .isEmpty(), done -> done, "the killed process's series gone, its successor's there");
  }

  @Test
  @Order(3)
  void stoppedWorkerCostsItsOwnSeriesAndAScrapeErrorNotTheScrape() throws Exception {
    long stopped = launcher.worker(0).pid();
    TestCluster.signal(stopped, "STOP");
    try {
      long begun = System.nanoTime();
      HttpResponse<String> answer = scrape(null, "2");
      long tookMillis = Duration.ofNanos(System.nanoTime() - begun).toMillis();
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(tookMillis).as("ms for a scrape with a stopped worker (its timeout 1.6 s)")
          .isLessThan(5_000);
      assertThat(answer.body()).as("the other worker's series")
          .containsPattern("jvm_threads_live_threads\\{gen=\"\\d+\",slot=\"1\"}")
          .doesNotContainPattern("jvm_threads_live_threads\\{gen=\"\\d+\",slot=\"0\"}")
          .containsPattern("clusterkit_scrape_errors_total\\{slot=\"0\"} [1-9]");
    } finally {
      TestCluster.signal(stopped, "CONT");
    }
    Await.until(WAIT, () -> {
      try {
        return scrape(null, null).body();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, body -> body.contains("jvm_threads_live_threads{gen=\"1\",slot=\"0\"}"),
        "slot 0's series back once it runs again");
  }

  @Test
  @Order(4)
  void openMetricsWhenAskedAndA404Elsewhere() throws Exception {
    HttpResponse<String> open = scrape("application/openmetrics-text; version=1.0.0", null);
    assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(open.body()).endsWith("# EOF\n")
        .containsOnlyOnce("# TYPE vertx_http_server_requests counter");
    HttpResponse<String> text = scrape(null, null);
    assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(text.body()).containsOnlyOnce("# TYPE vertx_http_server_requests_total counter");
    HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + metricsPort + "/nope")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(other.statusCode()).isEqualTo(404);
  }
}

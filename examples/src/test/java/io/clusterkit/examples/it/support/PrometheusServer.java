package io.clusterkit.examples.it.support;

import io.clusterkit.launcher.junit.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the {@code prometheus} binary of Debian's package, which the CI
 * installs) scraping one target every second, on 127.0.0.1, with its data in a directory of the
 * test's; and its HTTP query API.
 */
public final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Prometheus and waits until it is ready.
   *
   * @param dir a directory of the test's, for the configuration, the data and the log
   * @param target the scraped {@code host:port}
   * @return the running server
   * @throws IOException when it cannot be started
   */
  public static PrometheusServer start(Path dir, String target) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 900ms",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: clusterkit",
        "    static_configs:",
        "      - targets: ['" + target + "']",
        ""));
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    PrometheusServer server = new PrometheusServer(process, port);
    try {
      Await.until(Duration.ofSeconds(60), server::readiness, status -> status == 200,
          () -> "Prometheus ready on 127.0.0.1:" + port + " (log: " + dir.resolve(
              "prometheus.log") + ", alive: " + process.isAlive() + ")");
    } catch (AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  private int readiness() {
    if (!process.isAlive()) {
      throw new IllegalStateException("prometheus exited with " + process.exitValue());
    }
    try {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/-/ready")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Evaluates an instant query.
   *
   * @param promql the query
   * @return the {@code result} array of the answer: one {@code {"metric":{...},"value":[t,"v"]}}
   *     per series
   */
  public JsonArray query(String promql) {
    try {
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/api/v1/query?query="
                  + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonObject body = new JsonObject(answer.body());
      if (!"success".equals(body.getString("status"))) {
        throw new IllegalStateException("query " + promql + ": " + body);
      }
      return body.getJsonObject("data").getJsonArray("result");
    } catch (IOException e) {
      throw new IllegalStateException("query " + promql + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The value of one series of a query's result.
   *
   * @param series an element of {@link #query(String)}'s result
   * @return its value
   */
  public static double value(JsonObject series) {
    return Double.parseDouble(series.getJsonArray("value").getString(1));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

package io.clusterkit.launcher.metrics;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.live.LiveStats;
import io.vertx.ext.web.Router;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's metrics endpoint ({@code -metrics}): {@code GET /metrics} answers one scrape of
 * the whole cluster, in OpenMetrics when the request's {@code Accept} asks for it and in the
 * Prometheus text format otherwise; {@code GET /} is the live {@link Dashboard}. Start it on the
 * supervisor's context: scrapes and the dashboard read the slot table there.
 */
public final class MetricsServer {

  /** How long a worker may take to answer when Prometheus sends no scrape timeout. */
  static final Duration DEFAULT_WORKER_TIMEOUT = Duration.ofSeconds(3);

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ClusterScrape scrape;

  private MetricsServer(HttpServer server, ClusterScrape scrape) {
    this.server = server;
    this.scrape = scrape;
  }

  /**
   * Binds the endpoint.
   *
   * @param vertx the launcher's Vert.x; call on the supervisor's context
   * @param host the address to bind
   * @param port the port, 0 for a free one
   * @param workers a snapshot of every slot
   * @param meters the launcher's own series
   * @param live the live figures the dashboard shows
   * @param actions the admin calls the dashboard's buttons make, behind the admin token, or null
   *     for a dashboard without them
   * @return a future completed with the listening endpoint, or failed when it cannot bind
   */
  public static Future<MetricsServer> start(Vertx vertx, String host, int port,
      Supplier<List<WorkerInfo>> workers, LauncherMeters meters, LiveStats live,
      Router actions) {
    ClusterScrape scrape = new ClusterScrape(vertx, workers, meters);
    HttpServer server = vertx.createHttpServer();
    MetricsServer endpoint = new MetricsServer(server, scrape);
    Router router = Router.router(vertx);
    router.route("/metrics").handler(ctx -> endpoint.handle(ctx.request()));
    Dashboard.mount(router, live, actions);
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
        .end("not found: the metrics are at /metrics, the dashboard at /\n"));
    server.requestHandler(router);
    return server.listen(port, host).map(bound -> endpoint);
  }

  /** @return the bound port */
  public int port() {
    return server.actualPort();
  }

  /** @return a future completed once the endpoint is closed */
  public Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
      return;
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
    scrape.collect(openMetrics, workerTimeout(request)).onComplete(ar -> {
      if (ar.failed()) {
        log.warn("metrics scrape failed", ar.cause());
        request.response().setStatusCode(500).end();
        return;
      }
      request.response()
          .putHeader(HttpHeaders.CONTENT_TYPE,
              openMetrics ? Exposition.OPENMETRICS : Exposition.TEXT)
          .end(ar.result());
    });
  }

  /**
   * Prometheus says how long it waits for the scrape; the workers get most of it, so that the
   * merged answer still arrives in time.
   */
  static Duration workerTimeout(HttpServerRequest request) {
    String header = request.getHeader("X-Prometheus-Scrape-Timeout-Seconds");
    if (header == null) {
      return DEFAULT_WORKER_TIMEOUT;
    }
    try {
      double seconds = Double.parseDouble(header);
      long millis = Math.round(seconds * 1000 * 0.8);
      return Duration.ofMillis(Math.max(100, Math.min(millis,
          DEFAULT_WORKER_TIMEOUT.toMillis() * 3)));
    } catch (NumberFormatException e) {
      return DEFAULT_WORKER_TIMEOUT;
    }
  }
}

package io.clusterkit.launcher.metrics;

import io.clusterkit.launcher.live.LiveStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The live dashboard on the {@code -metrics} listener: {@code GET /} is one page, its script,
 * style and chart library (uPlot, from its WebJar) all served from launcher.jar, never from the
 * network; {@code GET /live} is a stream of server-sent events, the ten-minute history and the
 * event log first, then the live figures every second; {@code /api/*} are the admin calls
 * (reload, scale, restart, stop), behind the launcher's admin token as on the admin API. Runs
 * on the supervisor's context.
 */
final class Dashboard {

  /** At most this many pages follow the live stream at once; the next get 503. */
  static final int MAX_STREAMS = 16;
  private static final String PAGE_DIR = "io/clusterkit/launcher/dashboard/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/";
  /** Everything from the launcher itself: the page can load nothing from elsewhere. */
  private static final String CSP =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

  private record Asset(String type, Buffer body) {
  }

  private final LiveStats live;
  private final Map<String, Asset> assets = new HashMap<>();
  private final Set<HttpServerResponse> streams = new HashSet<>();

  private Dashboard(LiveStats live) {
    this.live = live;
    String uplot = UPLOT + uplotVersion() + "/dist/";
    assets.put("/", load(PAGE_DIR + "index.html", "text/html; charset=utf-8"));
    assets.put("/dashboard.js", load(PAGE_DIR + "dashboard.js",
        "text/javascript; charset=utf-8"));
    assets.put("/dashboard.css", load(PAGE_DIR + "dashboard.css", "text/css; charset=utf-8"));
    assets.put("/uPlot.min.js", load(uplot + "uPlot.iife.min.js",
        "text/javascript; charset=utf-8"));
    assets.put("/uPlot.min.css", load(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
  }

  /**
   * Adds the page, its assets, the live stream and the actions to a router.
   *
   * @param router the {@code -metrics} listener's router
   * @param live the launcher's live figures
   * @param actions the admin calls, behind the token, or null when there are none
   */
  static void mount(Router router, LiveStats live, Router actions) {
    Dashboard dashboard = new Dashboard(live);
    for (String path : dashboard.assets.keySet()) {
      router.get(path).handler(ctx -> dashboard.asset(ctx, path));
    }
    router.get("/live").handler(dashboard::stream);
    if (actions != null) {
      router.route("/api/*").subRouter(actions);
    }
  }

  private void asset(RoutingContext ctx, String path) {
    Asset asset = assets.get(path);
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, asset.type())
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("Content-Security-Policy", CSP)
        .end(asset.body());
  }

  private void stream(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (streams.size() >= MAX_STREAMS) {
      response.setStatusCode(503).end("too many dashboards follow this launcher\n");
      return;
    }
    streams.add(response);
    response.setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    long[] seen = {live.events().latest()};
    JsonObject history = live.history().toJson()
        .put("events", live.events().since(0)).put("latest", live.latest());
    response.write("retry: 2000\n\nevent: history\ndata: " + history.encode() + "\n\n");
    Consumer<JsonObject> listener = snapshot -> {
      if (response.writeQueueFull()) {
        return; // a page that does not keep up skips seconds; nothing queues in the launcher
      }
      JsonArray events = live.events().since(seen[0]);
      seen[0] = live.events().latest();
      JsonArray markers = new JsonArray();
      live.history().markers().forEach(marker -> markers.add(marker.toJson()));
      response.write("data: " + snapshot.copy().put("events", events).put("markers", markers)
          .encode() + "\n\n");
    };
    live.listen(listener);
    response.closeHandler(v -> {
      live.unlisten(listener);
      streams.remove(response);
    });
  }

  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in = resource("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static Asset load(String name, String type) {
    try (InputStream in = resource(name)) {
      return new Asset(type, Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("launcher.jar lacks " + name);
    }
    return in;
  }
}

package io.clusterkit.examples.bench;

import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntFunction;

/**
 * Shared-state and event-bus figures measured from inside a worker: each endpoint runs a bounded
 * loop on this worker's event loop and answers its throughput and latency percentiles as JSON.
 * {@code bench/state_bench.py} drives it.
 *
 * <ul>
 *   <li>{@code GET /bench/map?op=put|get&n=&inflight=&ms=&keys=&size=}: shared-map puts or gets
 *   <li>{@code GET /bench/counter?n=&inflight=&ms=}: shared-counter increments
 *   <li>{@code GET /bench/rr?to=SLOT&host=H&n=&inflight=&ms=&size=}: event-bus request/reply to
 *       the echo consumer of worker SLOT (of host H among several hosts; {@code 409} if that is
 *       this worker: the reply would stay local)
 * </ul>
 *
 * <pre>
 * java -jar launcher/target/launcher.jar -workers 2 -port 0 -cp examples/target/examples.jar \
 *     io.clusterkit.examples.bench.StateBenchVerticle
 * curl 'localhost:PORT/bench/map?op=put&amp;n=100000&amp;inflight=64'
 * </pre>
 */
public class StateBenchVerticle extends ClusterVerticle {

  /** The prefix of each worker's echo address; the worker's slot follows it. */
  public static final String ECHO = "bench.echo.";
  /** The shared map the map figures use. */
  public static final String MAP = "bench.map";
  /** The shared counter the counter figures use. */
  public static final String COUNTER = "bench.counter";

  private static final int MAX_OPS = 2_000_000;
  private static final int MAX_INFLIGHT = 4096;
  private static final int MAX_MS = 60_000;

  private SharedMap<String, String> map;
  private SharedCounter counter;

  @Override
  public Future<?> start() {
    SharedState state = SharedState.of(vertx);
    map = state.map(MAP);
    counter = state.counter(COUNTER);
    Router router = Router.router(vertx);
    router.get("/bench/map").handler(this::map);
    router.get("/bench/counter").handler(this::counter);
    router.get("/bench/rr").handler(this::requestReply);
    router.get("/bench/id").handler(ctx -> ctx.json(identity()));
    // among several hosts the echo is also named after the host, so another host can pick it
    return vertx.eventBus().<Object>consumer(ECHO + workerId(), msg -> msg.reply(msg.body()))
        .completion()
        .compose(v -> host().isEmpty() ? Future.succeededFuture() : vertx.eventBus()
            .<Object>consumer(ECHO + host() + "." + workerId(), msg -> msg.reply(msg.body()))
            .completion())
        .compose(v -> serve(router));
  }

  private void map(RoutingContext ctx) {
    String op = ctx.request().getParam("op", "get");
    if (!op.equals("put") && !op.equals("get")) {
      ctx.response().setStatusCode(400).end("op must be put or get, was " + op + "\n");
      return;
    }
    int keys = param(ctx, "keys", 1000, 1, MAX_OPS);
    String value = "v".repeat(param(ctx, "size", 64, 1, 1 << 20));
    IntFunction<Future<?>> operation = op.equals("put")
        ? i -> map.put("k" + (i % keys), value)
        : i -> map.get("k" + (i % keys));
    loop(ctx, "map." + op, new JsonObject(), operation);
  }

  private void counter(RoutingContext ctx) {
    loop(ctx, "counter.increment", new JsonObject(), i -> counter.incrementAndGet());
  }

  private void requestReply(RoutingContext ctx) {
    int to = param(ctx, "to", -1, -1, Integer.MAX_VALUE);
    if (ctx.response().ended()) {
      return;
    }
    if (to < 0) {
      ctx.response().setStatusCode(400).end("to must name the slot of another worker\n");
      return;
    }
    String host = ctx.request().getParam("host");
    boolean here = host == null || host.equals(host());
    if (to == workerId() && here) {
      ctx.response().setStatusCode(409).putHeader("content-type", "application/json")
          .end(identity().put("error", "to is this worker: the reply would stay local").encode());
      return;
    }
    String payload = "p".repeat(param(ctx, "size", 64, 1, 1 << 20));
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(5_000);
    String address = host == null ? ECHO + to : ECHO + host + "." + to;
    loop(ctx, "eventbus.request-reply", new JsonObject().put("to", to).put("host", host),
        i -> vertx.eventBus().request(address, payload, options));
  }

  private void loop(RoutingContext ctx, String name, JsonObject about, IntFunction<Future<?>> op) {
    int n = param(ctx, "n", 10_000, 1, MAX_OPS);
    int inflight = param(ctx, "inflight", 1, 1, MAX_INFLIGHT);
    int ms = param(ctx, "ms", 5_000, 1, MAX_MS);
    if (ctx.response().ended()) {
      return; // a bad parameter was answered with 400
    }
    LoadLoop.run(vertx.getOrCreateContext(), op, n, inflight, ms)
        .onSuccess(figures -> ctx.json(identity().put("op", name).mergeIn(about).mergeIn(figures)))
        .onFailure(ctx::fail);
  }

  /** Reads an int parameter, or answers 400 naming it and returns the default. */
  private static int param(RoutingContext ctx, String name, int dflt, int min, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(400).end(name + " must be in " + min + ".." + max
          + ", was " + raw + "\n");
    }
    return dflt;
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

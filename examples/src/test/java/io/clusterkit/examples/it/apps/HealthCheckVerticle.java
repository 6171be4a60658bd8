package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A worker with a health endpoint for the launcher's {@code -health} check. It warms up for
 * {@code warmupMs} (configuration, default 0) from the first request it receives: until then
 * every request, {@code /healthz} included, gets 503 {@code warming}. (The clock starts at the
 * first request rather than in {@code start()} because the time from {@code start()} to the
 * READY report varies with the machine's load: this way the warm-up always outlasts the report,
 * and a launcher that routed clients before a check passed would show them {@code warming}.)
 * Then {@code GET /} answers its slot and pid, {@code GET /healthz} answers 200 {@code ok}, and
 * {@code GET /sick} makes every later {@code /healthz} answer 503 {@code sick} while the rest
 * keeps working.
 */
public class HealthCheckVerticle extends ClusterVerticle {

  private long warmupNanos;
  private long warmUntilNanos;
  private boolean warming = true;
  private volatile boolean sick;

  @Override
  public Future<?> start() {
    warmupNanos = config().getLong("warmupMs", 0L) * 1_000_000L;
    Router router = Router.router(vertx);
    router.route().handler(this::unlessWarming);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/healthz").handler(ctx -> {
      if (sick) {
        ctx.response().setStatusCode(503).end("sick");
      } else {
        ctx.end("ok");
      }
    });
    router.get("/sick").handler(ctx -> {
      sick = true;
      ctx.json(identity().put("sick", true));
    });
    return serve(router);
  }

  private void unlessWarming(RoutingContext ctx) {
    if (warming && warmUntilNanos == 0) {
      warmUntilNanos = System.nanoTime() + warmupNanos;
    }
    warming = warming && System.nanoTime() - warmUntilNanos < 0;
    if (warming) {
      ctx.response().setStatusCode(503).end("warming");
    } else {
      ctx.next();
    }
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

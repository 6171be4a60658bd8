package io.clusterkit.examples.hello;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * The hello cluster: {@code GET /} answers which worker served it, {@code GET /slow?ms=N} the
 * same after N milliseconds (to watch a graceful stop finish a request in flight).
 *
 * <pre>
 * java -jar launcher/target/launcher.jar -workers 2 -cp examples/target/examples.jar \
 *     io.clusterkit.examples.hello.HelloVerticle
 * curl localhost:8080/          # {"worker":0,"pid":4711}
 * </pre>
 */
public class HelloVerticle extends ClusterVerticle {

  private static final long MAX_SLOW_MS = 600_000;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(this::hello);
    router.get("/slow").handler(this::slow);
    return serve(router);
  }

  private void hello(RoutingContext ctx) {
    ctx.json(identity());
  }

  private void slow(RoutingContext ctx) {
    long ms;
    try {
      ms = Long.parseLong(ctx.request().getParam("ms", "1000"));
    } catch (NumberFormatException e) {
      ctx.response().setStatusCode(400).end("ms must be a number of milliseconds\n");
      return;
    }
    if (ms < 0 || ms > MAX_SLOW_MS) {
      ctx.response().setStatusCode(400).end("ms must be in 0.." + MAX_SLOW_MS + "\n");
      return;
    }
    long slept = ms;
    vertx.timer(Math.max(1, ms), TimeUnit.MILLISECONDS)
        .onComplete(t -> ctx.json(identity().put("sleptMs", slept)));
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

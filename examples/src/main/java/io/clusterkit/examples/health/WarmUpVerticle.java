package io.clusterkit.examples.health;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * A service that must warm up before it serves well (fill a cache, open a connection pool, JIT
 * its hot paths): {@code GET /healthz} answers 503 {@code warming} until the warm-up is over, then
 * 200 {@code ok}. Run it with {@code -health /healthz}: the launcher routes clients to a new
 * worker only once its check passes, so no client ever sees a cold worker; without
 * {@code -health}, clients reach a worker as soon as it is READY and may be served cold.
 * {@code GET /} answers the slot, the pid and {@code warm}: false would mean a client reached a
 * worker still warming. The warm-up lasts {@code warmupMs} (configuration, default 3000) from
 * {@code start()}, a timer standing in for the real work, which must not block the event loop.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -health /healthz -health-interval 1 \
 *     -cp examples.jar io.clusterkit.examples.health.WarmUpVerticle
 * </pre>
 */
public class WarmUpVerticle extends ClusterVerticle {

  private volatile boolean warm;
  private long startedNanos;

  @Override
  public Future<?> start() {
    startedNanos = System.nanoTime();
    long warmupMs = config().getLong("warmupMs", 3000L);
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> {
      if (warm) {
        ctx.end("ok");
      } else {
        ctx.response().setStatusCode(503).end("warming");
      }
    });
    router.get("/").handler(ctx -> ctx.json(new JsonObject().put("worker", workerId())
        .put("pid", pid()).put("warm", warm)
        .put("upMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos))));
    // the warm-up runs after start() returns: the worker reports READY at once, and the
    // launcher's health check, not READY alone, decides when clients may come
    vertx.setTimer(Math.max(1, warmupMs), id -> warm = true);
    return serve(router);
  }
}

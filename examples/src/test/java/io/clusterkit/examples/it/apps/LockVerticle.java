package io.clusterkit.examples.it.apps;

import io.clusterkit.state.SharedLock;
import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * Takes and releases one cluster-wide lock on request: {@code POST /hold}, {@code POST /release},
 * and {@code GET /try?timeout=MS}, which reports whether it got the lock and after how long.
 */
public class LockVerticle extends ClusterVerticle {

  static final String LOCK = "it.lock";

  private SharedLock held;

  @Override
  public Future<?> start() {
    SharedState state = SharedState.of(vertx);
    Router router = Router.router(vertx);
    router.get("/whoami").handler(ctx -> ctx.json(new JsonObject().put("worker", workerId())));
    router.post("/hold").handler(ctx -> state.lock(LOCK, Duration.ofSeconds(5))
        .onSuccess(lock -> {
          held = lock;
          ctx.json(new JsonObject().put("worker", workerId()).put("held", true));
        })
        .onFailure(ctx::fail));
    router.post("/release").handler(ctx -> {
      SharedLock lock = held;
      held = null;
      (lock == null ? Future.<Void>succeededFuture() : lock.release())
          .onSuccess(v -> ctx.json(new JsonObject().put("worker", workerId())
              .put("released", lock != null)))
          .onFailure(ctx::fail);
    });
    router.get("/try").handler(ctx -> {
      long timeout = Long.parseLong(ctx.request().getParam("timeout", "500"));
      long start = System.nanoTime();
      state.lock(LOCK, Duration.ofMillis(timeout)).onComplete(ar -> {
        JsonObject answer = new JsonObject().put("worker", workerId())
            .put("acquired", ar.succeeded())
            .put("ms", (System.nanoTime() - start) / 1_000_000);
        if (ar.succeeded()) {
          ar.result().release().onComplete(r -> ctx.json(answer));
        } else {
          ctx.json(answer.put("error", ar.cause().getMessage()));
        }
      });
    });
    return serve(router);
  }
}

package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * What the abuse cases need of an application: {@code GET /} answers its slot and pid,
 * {@code GET /big} 1 MiB (for a client that reads it slowly), {@code POST /upload} counts the
 * body it reads to its end, and {@code GET /exit} answers, then exits with status 0 unasked.
 */
public class AbuseVerticle extends ClusterVerticle {

  private static final Buffer MIB = Buffer.buffer(new byte[1 << 20]);

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/big").handler(ctx -> ctx.response().end(MIB));
    router.post("/upload").handler(ctx -> {
      long[] bytes = {0};
      ctx.request().handler(chunk -> bytes[0] += chunk.length());
      ctx.request().endHandler(v -> ctx.json(identity().put("bytes", bytes[0])));
    });
    router.get("/exit").handler(ctx -> ctx.json(identity())
        .onComplete(v -> vertx.setTimer(50, id -> System.exit(0))));
    return serve(router);
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

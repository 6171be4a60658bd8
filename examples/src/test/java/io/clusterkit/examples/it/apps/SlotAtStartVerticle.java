package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * Remembers the {@code workerId()} it saw in {@code start()}, which a spare given a slot must
 * already get right: {@code GET /} and {@code GET /whoami} answer it beside the slot and pid it
 * serves with, and {@code GET /ask?slot=N} asks slot N's worker, over the event bus, who it is.
 */
public class SlotAtStartVerticle extends ClusterVerticle {

  private int slotAtStart = -2;

  @Override
  public Future<?> start() {
    slotAtStart = workerId();
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(me()));
    router.get("/whoami").handler(ctx -> ctx.json(me()));
    router.get("/ask").handler(ctx -> this.<JsonObject>request(
            Integer.parseInt(ctx.request().getParam("slot")), new JsonObject(),
            Duration.ofSeconds(5))
        .onSuccess(reply -> ctx.json(me().put("reply", reply.body())))
        .onFailure(e -> ctx.json(me().put("error", String.valueOf(e.getMessage())))));
    return this.<JsonObject>onMessage(message -> message.reply(me()))
        .compose(v -> serve(router));
  }

  private JsonObject me() {
    return new JsonObject().put("worker", workerId()).put("slotAtStart", slotAtStart)
        .put("pid", pid());
  }
}

package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Messaging between workers, driven over HTTP: {@code GET /ask?slot=N&timeout=MS} asks slot N
 * who it is and answers with its reply or the error and how long it took; {@code GET /ask-other}
 * asks the other of two slots; {@code POST /broadcast?tag=T} broadcasts a tag and
 * {@code GET /received} lists what this worker's handler got; {@code GET /bad-body} tries to send
 * a body other JVMs could not read; {@code GET /slots} shows the READY slots this worker knows.
 */
public class MessagingVerticle extends ClusterVerticle {

  private final JsonArray received = new JsonArray();

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/whoami").handler(ctx -> ctx.json(me()));
    router.get("/ask").handler(ctx -> ask(ctx, Integer.parseInt(ctx.request().getParam("slot"))));
    router.get("/ask-other").handler(ctx -> ask(ctx, 1 - workerId()));
    router.post("/broadcast").handler(ctx -> broadcast(new JsonObject()
            .put("tag", ctx.request().getParam("tag")))
        .onSuccess(v -> ctx.json(me())).onFailure(ctx::fail));
    router.get("/received").handler(ctx -> ctx.json(me().put("received", received.copy())));
    router.get("/slots").handler(ctx -> ctx.json(me().put("slots", new JsonArray(readySlots()))));
    router.get("/bad-body").handler(ctx -> {
      try {
        send(workerId(), new java.util.Date());
        ctx.json(me().put("error", "accepted"));
      } catch (IllegalArgumentException e) {
        ctx.json(me().put("error", e.getMessage()));
      }
    });
    return this.<JsonObject>onMessage(this::received).compose(v -> serve(router));
  }

  private void received(Message<JsonObject> message) {
    if (message.body().containsKey("who")) {
      message.reply(me());
    } else {
      received.add(new JsonObject().put("tag", message.body().getString("tag"))
          .put("from", senderOf(message))
          .put("broadcast", Addresses.WORKERS.equals(message.address())));
    }
  }

  private void ask(RoutingContext ctx, int slot) {
    long timeout = Long.parseLong(ctx.request().getParam("timeout", "10000"));
    long start = System.nanoTime();
    this.<JsonObject>request(slot, new JsonObject().put("who", true), Duration.ofMillis(timeout))
        .onComplete(ar -> {
          JsonObject answer = me().put("ms", (System.nanoTime() - start) / 1_000_000);
          if (ar.succeeded()) {
            answer.put("reply", ar.result().body());
          } else {
            answer.put("error", ar.cause().getMessage());
          }
          ctx.json(answer);
        });
  }

  private JsonObject me() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

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
 * State and messaging across hosts, driven over HTTP: {@code GET /whoami} (host, slot, pid);
 * {@code POST /incr?name=C&n=N} adds 1 to counter C N times, one after another, and answers the
 * last value; {@code GET /count?name=C}; {@code POST /put?k=K&v=V} and {@code GET /get?k=K} on
 * one map; {@code POST /broadcast?tag=T} and {@code GET /received}; {@code GET /ask?host=H&slot=S}
 * asks a worker of any host who it is; {@code POST /hold?ms=N} takes the lock, answers once it
 * holds it and releases it N ms later; {@code GET /try?timeout=MS} says whether it got the lock.
 */
public class HostsVerticle extends ClusterVerticle {

  static final String MAP = "it.hosts";
  static final String LOCK = "it.hosts.lock";

  private final JsonArray received = new JsonArray();

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/whoami").handler(ctx -> ctx.json(me()));
    router.post("/incr").handler(ctx -> incr(ctx.request().getParam("name"),
        Integer.parseInt(ctx.request().getParam("n", "1")), 0L)
        .onSuccess(last -> ctx.json(me().put("value", last))).onFailure(ctx::fail));
    router.get("/count").handler(ctx -> counter(ctx.request().getParam("name")).get()
        .onSuccess(value -> ctx.json(me().put("value", value))).onFailure(ctx::fail));
    router.post("/put").handler(ctx -> this.<String, String>sharedMap(MAP)
        .put(ctx.request().getParam("k"), ctx.request().getParam("v"))
        .onSuccess(v -> ctx.json(me())).onFailure(ctx::fail));
    router.get("/get").handler(ctx -> this.<String, String>sharedMap(MAP)
        .get(ctx.request().getParam("k"))
        .onSuccess(value -> ctx.json(me().put("value", value))).onFailure(ctx::fail));
    router.post("/broadcast").handler(ctx -> broadcast(new JsonObject()
            .put("tag", ctx.request().getParam("tag")))
        .onSuccess(v -> ctx.json(me())).onFailure(ctx::fail));
    router.get("/received").handler(ctx -> ctx.json(me().put("received", received.copy())));
    router.get("/ask").handler(this::ask);
    router.post("/hold").handler(ctx -> lock(LOCK, Duration.ofSeconds(10)).onSuccess(lock -> {
      vertx.setTimer(Long.parseLong(ctx.request().getParam("ms")), t -> lock.release());
      ctx.json(me().put("held", true));
    }).onFailure(ctx::fail));
    router.get("/try").handler(ctx -> {
      long start = System.nanoTime();
      lock(LOCK, Duration.ofMillis(Long.parseLong(ctx.request().getParam("timeout"))))
          .onComplete(ar -> {
            JsonObject answer = me().put("acquired", ar.succeeded())
                .put("ms", (System.nanoTime() - start) / 1_000_000);
            if (ar.succeeded()) {
              ar.result().release().onComplete(r -> ctx.json(answer));
            } else {
              ctx.json(answer);
            }
          });
    });
    return this.<JsonObject>onMessage(this::received).compose(v -> serve(router));
  }

  private Future<Long> incr(String name, int left, long last) {
    if (left == 0) {
      return Future.succeededFuture(last);
    }
    return counter(name).incrementAndGet().compose(value -> incr(name, left - 1, value));
  }

  private void received(Message<JsonObject> message) {
    if (message.body().containsKey("who")) {
      message.reply(me());
    } else {
      received.add(new JsonObject().put("tag", message.body().getString("tag"))
          .put("fromHost", senderHostOf(message)).put("from", senderOf(message))
          .put("broadcast", Addresses.WORKERS.equals(message.address())));
    }
  }

  private void ask(RoutingContext ctx) {
    String host = ctx.request().getParam("host");
    int slot = Integer.parseInt(ctx.request().getParam("slot"));
    long start = System.nanoTime();
    this.<JsonObject>request(host, slot, new JsonObject().put("who", true), Duration.ofSeconds(10))
        .onComplete(ar -> {
          JsonObject answer = me().put("us", (System.nanoTime() - start) / 1_000);
          if (ar.succeeded()) {
            answer.put("reply", ar.result().body());
          } else {
            answer.put("error", ar.cause().getMessage());
          }
          ctx.json(answer);
        });
  }

  private JsonObject me() {
    return new JsonObject().put("host", host()).put("worker", workerId()).put("pid", pid());
  }
}

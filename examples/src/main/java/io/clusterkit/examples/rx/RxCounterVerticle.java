package io.clusterkit.examples.rx;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.rxjava3.RxClusterVerticle;
import io.clusterkit.verticles.rxjava3.RxSharedCounter;
import io.clusterkit.verticles.rxjava3.RxSharedMap;
import io.reactivex.rxjava3.core.Completable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.rxjava3.core.eventbus.Message;
import io.vertx.rxjava3.ext.web.Router;
import io.vertx.rxjava3.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counter example written with RxJava 3, plus a shared map and worker-to-worker messages.
 * {@code POST /hit} adds one to this worker's in-memory count and to the cluster-wide counter;
 * {@code GET /counts} shows both. {@code POST /put?k=K&v=V} and {@code GET /get?k=K} write and
 * read a cluster-wide map. {@code GET /ask-other} asks the other of two workers who it is;
 * {@code POST /broadcast?tag=T} tells every worker, and {@code GET /received} lists the tags
 * this worker's {@code messages()} Flowable got.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -cp examples.jar io.clusterkit.examples.rx.RxCounterVerticle
 * curl -X POST localhost:8080/hit   # {"worker":1,"pid":...,"local":1,"cluster":1}
 * curl localhost:8080/ask-other     # {"worker":0,...,"reply":{"worker":1,"pid":...}}
 * </pre>
 */
public class RxCounterVerticle extends RxClusterVerticle {

  /** The name of the cluster-wide counter. */
  public static final String COUNTER = "examples.rx.hits";

  private final AtomicLong local = new AtomicLong();
  private final JsonArray received = new JsonArray();
  private RxSharedCounter cluster;
  private RxSharedMap<String, String> entries;

  @Override
  public Completable rxStart() {
    cluster = counter(COUNTER);
    entries = sharedMap("examples.rx.entries");
    this.<JsonObject>messages().subscribe(this::received);
    Router router = Router.router(vertx);
    router.post("/hit").handler(ctx -> {
      long mine = local.incrementAndGet();
      cluster.incrementAndGet().subscribe(all -> ctx.json(counts(mine, all)), ctx::fail);
    });
    router.get("/counts").handler(ctx -> cluster.get().subscribe(
        all -> ctx.json(counts(local.get(), all)), ctx::fail));
    router.post("/put").handler(ctx -> entries.put(ctx.request().getParam("k"),
        ctx.request().getParam("v")).subscribe(() -> ctx.json(me().put("put", true)), ctx::fail));
    router.get("/get").handler(ctx -> entries.get(ctx.request().getParam("k"))
        .map(value -> me().put("value", value)).defaultIfEmpty(me())
        .subscribe(ctx::json, ctx::fail));
    router.get("/ask-other").handler(this::askOther);
    router.post("/broadcast").handler(ctx -> broadcast(new JsonObject()
            .put("tag", ctx.request().getParam("tag")))
        .subscribe(() -> ctx.json(me()), ctx::fail));
    router.get("/received").handler(ctx -> ctx.json(me().put("received", receivedCopy())));
    return serve(router).ignoreElement();
  }

  private void received(Message<JsonObject> message) {
    if (message.replyAddress() != null) {
      message.reply(me());
      return;
    }
    synchronized (received) {
      received.add(new JsonObject().put("tag", message.body().getString("tag"))
          .put("from", senderOf(message))
          .put("broadcast", Addresses.WORKERS.equals(message.address())));
    }
  }

  private void askOther(RoutingContext ctx) {
    this.<JsonObject>request(1 - workerId(), new JsonObject().put("who", true),
            Duration.ofSeconds(10))
        .subscribe(reply -> ctx.json(me().put("reply", reply.body())),
            e -> ctx.json(me().put("error", e.getMessage())));
  }

  private JsonArray receivedCopy() {
    synchronized (received) {
      return received.copy();
    }
  }

  private JsonObject counts(long mine, long all) {
    return me().put("local", mine).put("cluster", all);
  }

  private JsonObject me() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

package io.clusterkit.examples.counter;

import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "count per worker" pitfall and its fix, side by side. Every {@code POST /hit} adds one to
 * a counter kept in this worker's memory, which counts only what this worker saw, and to a
 * cluster-wide counter held by Hazelcast, which counts every hit of every worker and outlives
 * any of them. {@code GET /counts} shows both.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -cp examples.jar io.clusterkit.examples.counter.CounterVerticle
 * curl -X POST localhost:8080/hit   # {"worker":1,"local":1,"cluster":1}
 * curl -X POST localhost:8080/hit   # {"worker":0,"local":1,"cluster":2}
 * </pre>
 */
public class CounterVerticle extends ClusterVerticle {

  /** The name of the cluster-wide counter. */
  public static final String COUNTER = "examples.counter.hits";

  private final AtomicLong local = new AtomicLong();
  private SharedCounter cluster;

  @Override
  public Future<?> start() {
    cluster = SharedState.of(vertx).counter(COUNTER);
    Router router = Router.router(vertx);
    router.post("/hit").handler(this::hit);
    router.get("/counts").handler(this::counts);
    return serve(router);
  }

  private void hit(RoutingContext ctx) {
    long mine = local.incrementAndGet();
    cluster.incrementAndGet()
        .onSuccess(all -> ctx.json(counts(mine, all)))
        .onFailure(ctx::fail);
  }

  private void counts(RoutingContext ctx) {
    cluster.get()
        .onSuccess(all -> ctx.json(counts(local.get(), all)))
        .onFailure(ctx::fail);
  }

  private JsonObject counts(long mine, long all) {
    return new JsonObject().put("worker", workerId()).put("pid", pid())
        .put("local", mine).put("cluster", all);
  }
}

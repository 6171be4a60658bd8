package io.clusterkit.examples.it.apps;

import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a shared map ({@code POST /fill?n=N}: keys {@code k0..k(N-1)}, values {@code v0..})
 * and counts how many of those entries a read finds ({@code GET /check?n=N}); puts and gets one
 * entry ({@code POST /put?k=K&v=V}, {@code GET /get?k=K}).
 */
public class MapVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    SharedMap<String, String> map = SharedState.of(vertx).map("it.entries");
    Router router = Router.router(vertx);
    router.post("/fill").handler(ctx -> {
      int n = Integer.parseInt(ctx.request().getParam("n", "1000"));
      List<Future<Void>> puts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        puts.add(map.put("k" + i, "v" + i));
      }
      Future.all(puts).onSuccess(all -> ctx.json(answer().put("filled", n))).onFailure(ctx::fail);
    });
    router.post("/put").handler(ctx -> map.put(ctx.request().getParam("k"),
            ctx.request().getParam("v"))
        .onSuccess(v -> ctx.json(answer().put("put", true))).onFailure(ctx::fail));
    router.get("/get").handler(ctx -> map.get(ctx.request().getParam("k"))
        .onSuccess(v -> ctx.json(answer().put("value", v))).onFailure(ctx::fail));
    router.get("/check").handler(ctx -> {
      int n = Integer.parseInt(ctx.request().getParam("n", "1000"));
      List<Future<String>> gets = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        gets.add(map.get("k" + i));
      }
      Future.join(gets).onComplete(ar -> {
        int found = 0;
        for (int i = 0; i < n; i++) {
          Future<String> get = gets.get(i);
          if (get.succeeded() && ("v" + i).equals(get.result())) {
            found++;
          }
        }
        ctx.json(answer().put("found", found));
      });
    });
    return serve(router);
  }

  private JsonObject answer() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

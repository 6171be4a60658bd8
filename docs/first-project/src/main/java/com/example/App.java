package com.example;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** A first ClusterKit application: every worker answers which one it is. */
public class App extends ClusterVerticle {

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(new JsonObject()
        .put("worker", workerId()).put("pid", pid()).put("message", "hello")));
    return serve(router);
  }
}

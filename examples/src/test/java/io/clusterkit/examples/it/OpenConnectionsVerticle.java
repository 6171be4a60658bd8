package io.clusterkit.examples.it;

import io.clusterkit.verticles.ClusterVerticle;
import io.clusterkit.verticles.impl.WorkerRuntime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Answers with the worker's slot, pid and the client connections its servers have open now. */
public class OpenConnectionsVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    return serve(req -> req.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject()
            .put("worker", workerId())
            .put("pid", pid())
            .put("open", WorkerRuntime.current().openConnections())
            .encode()));
  }
}

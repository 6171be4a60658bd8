package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Answers which build of the application serves: {@code "version": "v1"} here. The reload tests
 * compile other builds of this class at run time (an answer that changes, or a start that
 * fails) and roll the cluster onto them with {@code reload -cp}.
 */
public class VersionVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    return serve(req -> req.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("worker", workerId()).put("pid", pid())
            .put("version", "v1").encode()));
  }
}

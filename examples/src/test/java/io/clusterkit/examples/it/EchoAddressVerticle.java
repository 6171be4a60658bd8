package io.clusterkit.examples.it;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Answers with the client address the worker sees, and the local address it was reached on. */
public class EchoAddressVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    return serve(req -> req.response()
        .putHeader("content-type", "application/json")
        .end(new JsonObject()
            .put("worker", workerId())
            .put("pid", pid())
            .put("remoteHost", req.remoteAddress().host())
            .put("remotePort", req.remoteAddress().port())
            .put("localPort", req.localAddress().port())
            .encode()));
  }
}

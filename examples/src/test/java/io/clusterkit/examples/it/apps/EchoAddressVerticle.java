package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.clusterkit.verticles.impl.WorkerRuntime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Answers with the client address the worker sees, the local address it was reached on, and the
 * client connections the worker's servers have open now.
 */
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
            .put("open", WorkerRuntime.current().openConnections())
            .encode()));
  }
}

package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** A verticle that takes {@code startDelayMs} (default 60 s) to start: no worker is READY. */
public class SlowStartVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    long delay = config().getLong("startDelayMs", 60_000L);
    return vertx.timer(delay, TimeUnit.MILLISECONDS).compose(t -> serve(req -> req.response().end("late")));
  }
}

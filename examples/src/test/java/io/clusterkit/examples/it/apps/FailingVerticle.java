package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;

/** A verticle whose start fails, as a user's bug would. */
public class FailingVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    throw new IllegalStateException("boom: database url missing");
  }
}

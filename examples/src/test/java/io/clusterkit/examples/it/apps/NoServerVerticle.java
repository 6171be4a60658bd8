package io.clusterkit.examples.it.apps;

import io.vertx.core.AbstractVerticle;

/** A plain verticle that deploys and listens nowhere: a worker must not call it READY. */
public class NoServerVerticle extends AbstractVerticle {

  @Override
  public void start() {
    vertx.eventBus().consumer("no-server.ping", message -> message.reply("pong"));
  }
}

package io.clusterkit.verticles.rxjava3;

import io.reactivex.rxjava3.core.Completable;
import io.vertx.core.json.JsonObject;
import io.vertx.rxjava3.core.http.HttpServer;
import io.vertx.rxjava3.ext.web.Router;

/**
 * An Rx verticle for the standalone tests: {@code GET /} names its slot; unless the
 * {@code listen} key is false, it answers every request sent to it with {@code "echo <body>"}
 * through a {@link RxClusterVerticle#messages()} subscription made in {@code rxStart}.
 */
class EchoRxVerticle extends RxClusterVerticle {

  volatile HttpServer server;
  volatile int lastSender = Integer.MIN_VALUE;

  @Override
  public Completable rxStart() {
    if (config().getBoolean("listen", true)) {
      this.<String>messages().filter(message -> message.replyAddress() != null)
          .subscribe(message -> {
            lastSender = senderOf(message);
            message.reply("echo " + message.body());
          });
    }
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(new JsonObject().put("worker", workerId())
        .put("pid", pid())));
    return serve(router).doOnSuccess(bound -> server = bound).ignoreElement();
  }
}

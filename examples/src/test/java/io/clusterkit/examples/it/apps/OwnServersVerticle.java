package io.clusterkit.examples.it.apps;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;

/**
 * A plain Vert.x verticle, written with no ClusterKit API, that listens by itself as Vert.x
 * applications do: HTTP on {@code port}, a second HTTP server on {@code port2}, TLS on
 * {@code tlsPort} (a self-signed certificate), a raw TCP {@code NetServer} on {@code netPort}
 * that answers each line with the worker's pid, and, {@code lateMs} after it started, one more
 * HTTP server on {@code latePort}. Each port is left out when its key is absent; {@code host}
 * defaults to 0.0.0.0. The HTTP answer names the pid, the port the request came in on, and the
 * client's address as the server sees it.
 */
public class OwnServersVerticle extends AbstractVerticle {

  @Override
  public void start(Promise<Void> started) {
    JsonObject conf = config();
    String host = conf.getString("host", "0.0.0.0");
    io.vertx.core.Future<?> all = io.vertx.core.Future.succeededFuture();
    if (conf.containsKey("port")) {
      all = all.compose(v -> vertx.createHttpServer().requestHandler(this::answer)
          .listen(conf.getInteger("port"), host));
    }
    if (conf.containsKey("port2")) {
      all = all.compose(v -> vertx.createHttpServer().requestHandler(this::answer)
          .listen(conf.getInteger("port2"), host));
    }
    if (conf.containsKey("tlsPort")) {
      // making the key pair takes seconds: off the event loop
      all = all.compose(v -> vertx.executeBlocking(SelfSignedCertificate::create))
          .compose(cert -> vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                  .setKeyCertOptions(cert.keyCertOptions()))
              .requestHandler(this::answer).listen(conf.getInteger("tlsPort"), host));
    }
    if (conf.containsKey("netPort")) {
      all = all.compose(v -> vertx.createNetServer(new NetServerOptions())
          .connectHandler(socket -> socket.handler(data -> socket.write(Buffer.buffer(
              "pid " + ProcessHandle.current().pid() + " got " + data.toString().trim() + "\n"))))
          .listen(conf.getInteger("netPort"), host));
    }
    if (conf.containsKey("latePort")) {
      vertx.setTimer(conf.getLong("lateMs", 2_000L), id -> vertx.createHttpServer()
          .requestHandler(this::answer).listen(conf.getInteger("latePort"), host)
          .onFailure(e -> System.err.println("late listen failed: " + e.getMessage())));
    }
    all.onComplete(ar -> {
      if (ar.succeeded()) {
        started.complete();
      } else {
        started.fail(ar.cause());
      }
    });
  }

  private void answer(HttpServerRequest request) {
    request.response().putHeader("content-type", "application/json")
        .end(new JsonObject()
            .put("pid", ProcessHandle.current().pid())
            .put("localPort", request.localAddress().port())
            .put("remoteHost", request.remoteAddress().host())
            .put("ssl", request.isSSL())
            .encode());
  }
}

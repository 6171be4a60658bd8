package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.Worker;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;

/**
 * {@link HealthCheckVerticle}'s behaviour in a plain {@code AbstractVerticle} that listens by
 * itself (no {@code serve()}) on the {@code port} key, at {@code host} (default 127.0.0.1), with
 * TLS (a self-signed certificate) when {@code tls} is true. It warms up for {@code warmupMs}
 * (default 0) from the first request it receives, answering every request 503 {@code warming}
 * until then; then {@code GET /} answers its slot, pid and whether the request came over TLS,
 * {@code GET /healthz} 200 {@code ok}, and {@code GET /sick} makes every later {@code /healthz}
 * answer 503 {@code sick} while the rest keeps working.
 */
public class OwnHealthVerticle extends AbstractVerticle {

  private long warmupNanos;
  private long warmUntilNanos;
  private boolean warming = true;
  private volatile boolean sick;

  @Override
  public void start(Promise<Void> started) {
    JsonObject conf = config();
    warmupNanos = conf.getLong("warmupMs", 0L) * 1_000_000L;
    // making the key pair takes seconds: off the event loop
    Future<HttpServerOptions> options = !conf.getBoolean("tls", false)
        ? Future.succeededFuture(new HttpServerOptions())
        : vertx.executeBlocking(SelfSignedCertificate::create).map(cert ->
            new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()));
    options.compose(o -> vertx.createHttpServer(o).requestHandler(this::answer)
            .listen(conf.getInteger("port"), conf.getString("host", "127.0.0.1")))
        .<Void>mapEmpty().onComplete(started);
  }

  private void answer(HttpServerRequest request) {
    if (warming && warmUntilNanos == 0) {
      warmUntilNanos = System.nanoTime() + warmupNanos;
    }
    warming = warming && System.nanoTime() - warmUntilNanos < 0;
    if (warming) {
      request.response().setStatusCode(503).end("warming");
      return;
    }
    switch (request.path()) {
      case "/healthz" -> {
        if (sick) {
          request.response().setStatusCode(503).end("sick");
        } else {
          request.response().end("ok");
        }
      }
      case "/sick" -> {
        sick = true;
        request.response().end(identity(request).put("sick", true).encode());
      }
      case "/" -> request.response().putHeader("content-type", "application/json")
          .end(identity(request).encode());
      default -> request.response().setStatusCode(404).end();
    }
  }

  private JsonObject identity(HttpServerRequest request) {
    Worker worker = Worker.of(vertx);
    return new JsonObject().put("worker", worker.workerId()).put("pid", worker.pid())
        .put("ssl", request.isSSL()).put("remoteHost", request.remoteAddress().host());
  }
}

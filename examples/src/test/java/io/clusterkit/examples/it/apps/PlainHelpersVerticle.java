package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.Worker;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A plain {@code AbstractVerticle} (not a {@code ClusterVerticle}) that uses ClusterKit's helpers
 * through {@link Worker#current()} and listens by itself on the {@code port} key (127.0.0.1):
 * {@code GET /hit} increments the cluster-wide counter {@code hits} and answers
 * {@code {"worker", "pid", "hits"}}; {@code GET /ask?slot=N} asks slot N's worker over the
 * messaging helpers and answers {@code {"worker", "answer"}}, the answer being that worker's
 * {@code "pong from N"}.
 */
public class PlainHelpersVerticle extends AbstractVerticle {

  @Override
  public void start(Promise<Void> started) {
    Worker worker = Worker.current();
    worker.<String>onMessage(message -> message.reply("pong from " + worker.workerId()))
        .compose(v -> vertx.createHttpServer().requestHandler(request -> {
          if (request.path().equals("/hit")) {
            worker.counter("hits").incrementAndGet().onComplete(n -> request.response().end(
                n.succeeded() ? new JsonObject().put("worker", worker.workerId())
                    .put("pid", worker.pid()).put("hits", n.result()).encode()
                    : "counter failed: " + n.cause()));
          } else if (request.path().equals("/ask")) {
            int slot = Integer.parseInt(request.getParam("slot", "0"));
            worker.<String>request(slot, "ping", Duration.ofSeconds(10)).onComplete(r ->
                request.response().end(r.succeeded()
                    ? new JsonObject().put("worker", worker.workerId())
                        .put("answer", r.result().body()).encode()
                    : "request failed: " + r.cause()));
          } else {
            request.response().setStatusCode(404).end();
          }
        }).listen(config().getInteger("port"), "127.0.0.1"))
        .<Void>mapEmpty().onComplete(started);
  }
}

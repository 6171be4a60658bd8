package io.clusterkit.examples.broadcast;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A tiny chat fan-out between workers, with no sticky sessions needed: {@code POST /say} on any
 * worker broadcasts the request body to every worker, and each worker's {@code GET /inbox} shows
 * the last {@value #KEPT} lines it received, with the slot that said each. Whichever worker a
 * client reaches, it reads the same lines.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -cp examples.jar io.clusterkit.examples.broadcast.FanoutChatVerticle
 * curl -d 'hello' localhost:8080/say   # {"worker":0,"said":"hello"}
 * curl localhost:8080/inbox            # {"worker":1,"lines":[{"from":0,"text":"hello"}]}
 * </pre>
 */
public class FanoutChatVerticle extends ClusterVerticle {

  /** How many lines each worker keeps. */
  public static final int KEPT = 100;

  private final JsonArray lines = new JsonArray();

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.post("/say").handler(BodyHandler.create().setBodyLimit(4_096));
    router.post("/say").handler(ctx -> {
      String text = ctx.body().asString();
      if (text == null || text.isBlank()) {
        ctx.response().setStatusCode(400).end("say something\n");
        return;
      }
      broadcast(new JsonObject().put("text", text))
          .onSuccess(v -> ctx.json(new JsonObject().put("worker", workerId()).put("said", text)))
          .onFailure(ctx::fail);
    });
    router.get("/inbox").handler(ctx -> ctx.json(new JsonObject()
        .put("worker", workerId()).put("pid", pid()).put("lines", lines.copy())));
    return this.<JsonObject>onMessage(this::heard).compose(v -> serve(router));
  }

  private void heard(Message<JsonObject> message) {
    lines.add(new JsonObject().put("from", senderOf(message))
        .put("text", message.body().getString("text")));
    if (lines.size() > KEPT) {
      lines.remove(0);
    }
  }
}

package io.clusterkit.examples.chat;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * A chat room over SockJS, served by every worker: what a line says on one worker reaches the
 * clients of every worker, over the clustered event bus.
 *
 * <p>SockJS keeps each session in the memory of the worker that opened it, and its fallback
 * transports (XHR polling, streaming) send each poll as a new HTTP request: run it with
 * {@code -sticky} ({@code -balance ip-hash}) so that all of a client's requests reach the same
 * worker. With {@code round-robin} the polls land on a worker that does not know the session
 * and get 404.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -sticky -cp examples.jar io.clusterkit.examples.chat.ChatVerticle
 * </pre>
 */
public class ChatVerticle extends ClusterVerticle {

  /** The event-bus address every worker's chat sockets listen on. */
  public static final String ROOM = "examples.chat.room";

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    SockJSHandler sockJS = SockJSHandler.create(vertx,
        new SockJSHandlerOptions().setRegisterWriteHandler(false));
    router.route("/chat/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.route("/chat/*").subRouter(sockJS.socketHandler(socket -> {
      MessageConsumer<String> room = vertx.eventBus().consumer(ROOM, m -> socket.write(m.body()));
      socket.handler(line -> vertx.eventBus().publish(ROOM,
          "worker " + workerId() + ": " + line.toString()));
      socket.endHandler(v -> room.unregister());
    }));
    router.get("/whoami").handler(ctx -> ctx.json(
        new JsonObject().put("worker", workerId()).put("pid", pid())));
    return serve(router);
  }
}

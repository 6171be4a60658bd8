package io.clusterkit.examples.plain;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;

/**
 * An existing Vert.x web application, written as the Vert.x documentation shows and knowing
 * nothing of ClusterKit: a Router, sessions in a {@code LocalSessionStore}, a WebSocket echo, and
 * its own {@code listen(8080)}. It is packaged as a {@code Main-Verticle} fat jar
 * ({@code examples/target/plain-web-app.jar}, runnable alone with {@code java -jar}) and runs
 * unchanged under the launcher, every worker sharing port 8080:
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -sticky -cp examples/target/plain-web-app.jar
 * </pre>
 *
 * <p>Routes: {@code GET /} names the process that answered; {@code GET /visits} counts the
 * visits of this session (sessions live in one process, so run it {@code -sticky});
 * {@code GET /slow?ms=N} answers after N ms; the WebSocket {@code /echo} echoes each message.
 * The configuration keys {@code http.port} and {@code http.host} change where it listens.
 */
public class PlainWebApp extends VerticleBase {

  @Override
  public Future<?> start() {
    long pid = ProcessHandle.current().pid();
    Router router = Router.router(vertx);
    router.route().handler(SessionHandler.create(LocalSessionStore.create(vertx)));
    router.get("/").handler(ctx -> ctx.json(new JsonObject().put("pid", pid)));
    router.get("/visits").handler(ctx -> {
      Session session = ctx.session();
      Integer before = session.get("visits");
      int visits = before == null ? 1 : before + 1;
      session.put("visits", visits);
      ctx.json(new JsonObject().put("pid", pid).put("visits", visits));
    });
    router.get("/slow").handler(ctx -> {
      long ms = Long.parseLong(ctx.request().getParam("ms", "1000"));
      vertx.setTimer(Math.max(1, ms), id -> ctx.json(new JsonObject().put("pid", pid)
          .put("slept", ms)));
    });
    router.get("/echo").handler(ctx -> ctx.request().toWebSocket()
        .onSuccess(socket -> socket.textMessageHandler(socket::writeTextMessage)));
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    return server.listen(config().getInteger("http.port", 8080),
        config().getString("http.host", "0.0.0.0"));
  }
}

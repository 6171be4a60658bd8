package io.clusterkit.launcher.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's admin API, on 127.0.0.1 only: {@code GET /status}, {@code POST /reload}
 * (optional JSON {@code {"classpath": "a.jar:b.jar"}}), {@code POST /scale}
 * ({@code {"workers": N}}) and {@code POST /stop}. Every call must carry
 * {@code Authorization: Bearer <token>}; without it the answer is 401 and nothing changes. A
 * malformed request gets 400 and one line saying what is wrong.
 */
public final class AdminServer {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final long MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final AdminToken token;
  private final AdminTarget target;
  private HttpServer server;

  /**
   * Creates a server that does not listen yet.
   *
   * @param vertx the launcher's Vert.x
   * @param token the token every call must carry
   * @param target the cluster it controls
   */
  public AdminServer(Vertx vertx, AdminToken token, AdminTarget target) {
    this.vertx = vertx;
    this.token = token;
    this.target = target;
  }

  /**
   * Listens on 127.0.0.1.
   *
   * @param port the port, 0 for a free one
   * @return a future completed with the bound port
   */
  public Future<Integer> listen(int port) {
    Router router = Router.router(vertx);
    router.route().handler(this::authorize);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/status").handler(ctx -> ctx.json(target.status()));
    router.post("/reload").handler(this::reload);
    router.post("/scale").handler(this::scale);
    router.post("/stop").handler(ctx -> target.stop().onComplete(ar ->
        ctx.response().setStatusCode(202).end(new JsonObject().put("stopping", true).encode())));
    router.route().last().handler(ctx -> fail(ctx, 404, "no such admin call: "
        + ctx.request().method() + " " + ctx.request().path()));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(router)
        .listen()
        .map(bound -> {
          server = bound;
          return bound.actualPort();
        });
  }

  /** @return a future completed once the API no longer listens */
  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void authorize(RoutingContext ctx) {
    if (token.matches(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    log.warn("admin API: refused {} {} from {} without the right token", ctx.request().method(),
        ctx.request().path(), ctx.request().remoteAddress());
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    fail(ctx, 401, "missing or wrong admin token");
  }

  private void reload(RoutingContext ctx) {
    JsonObject body;
    try {
      body = json(ctx);
    } catch (IllegalArgumentException e) {
      fail(ctx, 400, e.getMessage());
      return;
    }
    Object classpath = body.getValue("classpath");
    if (classpath != null && !(classpath instanceof String)) {
      fail(ctx, 400, "classpath must be a string of ':'-separated paths");
      return;
    }
    List<Path> entries = null;
    if (classpath != null) {
      entries = new ArrayList<>();
      for (String entry : ((String) classpath).split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          Path path = Path.of(entry).toAbsolutePath();
          if (!path.toFile().exists()) {
            fail(ctx, 400, "classpath entry " + entry + " does not exist");
            return;
          }
          entries.add(path);
        }
      }
      if (entries.isEmpty()) {
        fail(ctx, 400, "classpath is empty");
        return;
      }
    }
    target.reload(entries).onComplete(ar -> answer(ctx, ar));
  }

  private void scale(RoutingContext ctx) {
    JsonObject body;
    try {
      body = json(ctx);
    } catch (IllegalArgumentException e) {
      fail(ctx, 400, e.getMessage());
      return;
    }
    if (!(body.getValue("workers") instanceof Integer workers)) {
      fail(ctx, 400, "workers must be an integer, was " + body.getValue("workers"));
      return;
    }
    if (workers < 1) {
      fail(ctx, 400, "workers must be >= 1, was " + workers);
      return;
    }
    target.scale(workers).onComplete(ar -> answer(ctx, ar));
  }

  private static JsonObject json(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("the body is not a JSON object: " + e.getMessage());
    }
  }

  private static void answer(RoutingContext ctx, io.vertx.core.AsyncResult<JsonObject> ar) {
    if (ar.succeeded()) {
      ctx.json(ar.result());
    } else {
      fail(ctx, 500, String.valueOf(ar.cause().getMessage()));
    }
  }

  private static void fail(RoutingContext ctx, int status, String error) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", error).encode());
    }
  }
}

package io.clusterkit.launcher.admin;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.clusterkit.launcher.process.Classpaths;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's admin API, on 127.0.0.1 only: {@code GET /status}, {@code POST /reload}
 * (optional JSON {@code {"classpath": "a.jar:b.jar"}}), {@code POST /restart}
 * ({@code {"slot": N}}), {@code POST /scale} ({@code {"workers": N}}) and {@code POST /stop}. Every call must carry
 * {@code Authorization: Bearer <token>}; without it the answer is 401 and nothing changes. A
 * malformed request (or a slot that is not the cluster's) gets 400 and one line saying what is
 * wrong. A reload, restart or scale the cluster's state refuses gets 409, a reload or restart
 * that began and stopped 500, each with
 * {@code {"error": "..."}}; one that succeeds gets 200 and what it did.
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
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(router())
        .listen()
        .map(bound -> {
          server = bound;
          return bound.actualPort();
        });
  }

  /**
   * The API's routes, for this server or to mount under another listener (the dashboard's
   * actions): every call checked against the token first.
   *
   * @return a new router of every admin call
   */
  public Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::authorize);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/status").handler(ctx -> ctx.json(target.status()));
    router.post("/reload").handler(this::reload);
    router.post("/restart").handler(this::restart);
    router.post("/scale").handler(this::scale);
    router.post("/stop").handler(ctx -> target.stop().onComplete(ar ->
        ctx.response().setStatusCode(202).end(new JsonObject().put("stopping", true).encode())));
    router.route().last().handler(ctx -> fail(ctx, 404, "no such admin call: "
        + ctx.request().method() + " " + ctx.request().path()));
    return router;
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
      try {
        entries = Classpaths.existing((String) classpath, "classpath");
      } catch (IllegalArgumentException e) {
        fail(ctx, 400, e.getMessage());
        return;
      }
      if (entries.isEmpty()) {
        fail(ctx, 400, "classpath is empty");
        return;
      }
    }
    target.reload(entries).onComplete(ar -> answer(ctx, ar.map(AdminServer::json)));
  }

  private void scale(RoutingContext ctx) {
    Integer workers = wholeNumber(ctx, "workers", 1);
    if (workers != null) {
      target.scale(workers).onComplete(ar -> answer(ctx, ar.map(AdminServer::json)));
    }
  }

  private void restart(RoutingContext ctx) {
    Integer slot = wholeNumber(ctx, "slot", 0);
    if (slot != null) {
      target.restart(slot).onComplete(ar -> answer(ctx, ar.map(AdminServer::json)));
    }
  }

  /**
   * Reads one field of the body, an integer of at least min; answers 400 and returns null when
   * the body or the field is not that.
   */
  private static Integer wholeNumber(RoutingContext ctx, String field, int min) {
    JsonObject body;
    try {
      body = json(ctx);
    } catch (IllegalArgumentException e) {
      fail(ctx, 400, e.getMessage());
      return null;
    }
    if (!(body.getValue(field) instanceof Integer value)) {
      fail(ctx, 400, field + " must be an integer, was " + body.getValue(field));
      return null;
    }
    if (value < min) {
      fail(ctx, 400, field + " must be >= " + min + ", was " + value);
      return null;
    }
    return value;
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

  /** @return the reload's answer: the slots rolled, the release and its classpath, a line */
  static JsonObject json(ReloadResult result) {
    JsonArray classpath = new JsonArray();
    result.classpath().forEach(entry -> classpath.add(entry.toString()));
    return new JsonObject()
        .put("rolled", new JsonArray(List.copyOf(result.rolled())))
        .put("release", result.release())
        .put("classpath", classpath)
        .put("detail", result.detail());
  }

  /** @return the restart's answer: the slot, the old and new generation and pid, a line */
  static JsonObject json(RestartResult result) {
    return new JsonObject()
        .put("slot", result.slot())
        .put("oldGen", result.oldGen())
        .put("oldPid", result.oldPid())
        .put("newGen", result.newGen())
        .put("newPid", result.newPid())
        .put("detail", result.detail());
  }

  /** @return the scale's answer: the worker count before and from now on, a line */
  static JsonObject json(ScaleResult result) {
    return new JsonObject()
        .put("previous", result.previous())
        .put("workers", result.workers())
        .put("detail", result.detail());
  }

  /**
   * Answers 200 with the result, or the failure's status: 400 for an argument the cluster does
   * not know (a slot it has not), 409 for a command the cluster's state refused, 500 for one
   * that failed while it ran (and for anything unforeseen).
   */
  private static void answer(RoutingContext ctx, AsyncResult<JsonObject> ar) {
    if (ar.succeeded()) {
      ctx.json(ar.result());
    } else if (ar.cause() instanceof IllegalArgumentException bad) {
      fail(ctx, 400, bad.getMessage());
    } else if (ar.cause() instanceof ControlException control
        && control.kind() == ControlException.Kind.REFUSED) {
      fail(ctx, 409, control.getMessage());
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

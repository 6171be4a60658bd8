package io.clusterkit.examples.masterworker;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * The worker half of the master-worker example ({@link MasterMain} is the other): each
 * {@code GET /work} is counted in the cluster-wide counter {@value #SERVED} and reported to the
 * launcher; the commands the launcher gives come back through {@code onMessage}: a welcome when
 * this worker comes online and a milestone (both sent to this slot only), and the total it
 * counted (broadcast to every worker). The welcome is a request: this worker answers it with its
 * pid and Java version. {@code GET /news} shows what this worker served and what it was told;
 * {@code GET /ticket} asks the launcher for the next number of the cluster's one sequence
 * ({@code requestLauncher}) and answers it.
 */
public class ReportingVerticle extends ClusterVerticle {

  /** The cluster-wide counter of requests served. */
  public static final String SERVED = "examples.masterworker.served";

  private long served;
  private long total;
  private boolean welcomed;
  private final JsonArray milestones = new JsonArray();

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/work").handler(ctx -> {
      served++;
      ctx.json(new JsonObject().put("worker", workerId()).put("pid", pid()));
      counter(SERVED).incrementAndGet()
          .compose(n -> sendToLauncher(new JsonObject().put("served", ctx.request().path())));
    });
    router.get("/ticket").handler(ctx -> this.<JsonObject>requestLauncher(
            new JsonObject().put("ask", "ticket"), Duration.ofSeconds(5))
        .onSuccess(reply -> ctx.json(new JsonObject().put("worker", workerId())
            .put("ticket", reply.body().getLong("ticket"))))
        .onFailure(ctx::fail));
    router.get("/news").handler(ctx -> ctx.json(new JsonObject()
        .put("worker", workerId()).put("pid", pid()).put("served", served)
        .put("total", total).put("milestones", milestones.copy()).put("welcomed", welcomed)));
    return this.<JsonObject>onMessage(this::command).compose(v -> serve(router));
  }

  private void command(Message<JsonObject> message) {
    JsonObject command = message.body();
    switch (command.getString("cmd", "")) {
      case "welcome":
        welcomed = true;
        message.reply(new JsonObject().put("worker", workerId()).put("pid", pid())
            .put("java", Runtime.version().toString()));
        break;
      case "total":
        total = Math.max(total, command.getLong("total"));
        break;
      case "milestone":
        milestones.add(command.getLong("count"));
        System.out.println("worker " + workerId() + ": the launcher says I served "
            + command.getLong("count") + " requests");
        break;
      default:
        System.out.println("worker " + workerId() + ": unknown command " + command.encode());
    }
  }
}

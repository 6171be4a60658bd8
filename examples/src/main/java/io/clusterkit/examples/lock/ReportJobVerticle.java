package io.clusterkit.examples.lock;

import io.clusterkit.state.SharedLock;
import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A job that must never run twice at once, whichever worker is asked: {@code POST /report} takes
 * the cluster-wide lock {@value #LOCK} (waiting up to {@code wait} ms, default 0), runs the
 * "report" ({@code ms} milliseconds, default 500, a timer standing in for the work), releases the
 * lock and answers when the job started and ended (epoch ms) on which worker. A request that does
 * not get the lock in time answers 409 {@code {"ran":false}}. In Node's cluster each worker would
 * need Redis or the primary for this; here the lock lives in the launcher's Hazelcast member, and
 * a worker that dies holding it loses it when Hazelcast sees it leave (about 2 s).
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -cp examples.jar io.clusterkit.examples.lock.ReportJobVerticle
 * curl -X POST 'localhost:8080/report?ms=2000' &amp; curl -X POST localhost:8080/report
 * </pre>
 */
public class ReportJobVerticle extends ClusterVerticle {

  /** The lock's cluster-wide name. */
  public static final String LOCK = "examples.report-job";

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.post("/report").handler(this::report);
    return serve(router);
  }

  private void report(RoutingContext ctx) {
    long wait = Long.parseLong(ctx.request().getParam("wait", "0"));
    long work = Long.parseLong(ctx.request().getParam("ms", "500"));
    lock(LOCK, Duration.ofMillis(Math.max(1, wait))).onComplete(got -> {
      if (got.failed()) {
        ctx.response().setStatusCode(409);
        ctx.json(new JsonObject().put("worker", workerId()).put("ran", false)
            .put("reason", got.cause().getMessage()));
        return;
      }
      SharedLock lock = got.result();
      long started = System.currentTimeMillis();
      vertx.timer(Math.max(1, work)).onComplete(done -> {
        long ended = System.currentTimeMillis();
        // released whatever happened to the job: a lock never released would stop every worker
        lock.release().onComplete(released -> ctx.json(new JsonObject()
            .put("worker", workerId()).put("ran", true).put("startedMs", started)
            .put("endedMs", ended)));
      });
    });
  }
}

package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that writes on request: {@code GET /print?tag=T&n=N&pad=P} prints N lines with
 * {@code System.out.println} and logs N through SLF4J, each naming the tag, its index and the
 * worker's pid, padded with P dots; it answers its slot and pid, as {@code GET /} does.
 */
public class LogVerticle extends ClusterVerticle {

  private static final Logger log = LoggerFactory.getLogger(LogVerticle.class);

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/print").handler(ctx -> {
      String tag = ctx.request().getParam("tag", "t");
      int n = Integer.parseInt(ctx.request().getParam("n", "1"));
      String pad = ".".repeat(Integer.parseInt(ctx.request().getParam("pad", "0")));
      for (int i = 0; i < n; i++) {
        System.out.println("printed " + tag + " " + i + " by pid " + pid() + pad);
        log.info("logged {} {} by pid {}{}", tag, i, pid(), pad);
      }
      ctx.json(identity());
    });
    return serve(router);
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

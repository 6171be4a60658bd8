package io.clusterkit.examples.gc;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * A GC-heavy request beside cheap ones, to see what a stop-the-world pause costs one JVM with
 * many verticle instances and a cluster of several workers: {@code GET /} answers the slot and
 * pid at once; {@code GET /gc?mb=N} (default 100) makes N MB of objects live and runs a full
 * collection with them ({@code System.gc()}, which stops every thread of the JVM while it
 * marks and compacts them), then lets them go and answers how long the collection took. A pause
 * stops every instance of its JVM: with one JVM all requests wait, with N workers only the
 * requests of the worker that paused. {@code bench/instances_bench.py} measures both.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -cp examples.jar io.clusterkit.examples.gc.PauseVerticle
 * curl 'localhost:8080/gc?mb=100'
 * </pre>
 */
public class PauseVerticle extends ClusterVerticle {

  private static final int PIECE = 64 * 1024;
  private static final int MAX_MB = 1024;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/gc").handler(ctx -> {
      int mb;
      try {
        mb = Integer.parseInt(ctx.request().getParam("mb", "100"));
      } catch (NumberFormatException e) {
        mb = -1;
      }
      if (mb < 1 || mb > MAX_MB) {
        ctx.response().setStatusCode(400).end("mb must be 1.." + MAX_MB + "\n");
        return;
      }
      // on the event loop on purpose: the pause is the subject, and it stops every thread anyway
      List<byte[]> live = new ArrayList<>();
      for (int i = 0; i < mb * (1024 * 1024 / PIECE); i++) {
        live.add(new byte[PIECE]);
      }
      long start = System.nanoTime();
      System.gc();
      double ms = (System.nanoTime() - start) / 1_000_000.0;
      ctx.json(identity().put("mb", live.size() * PIECE / (1024 * 1024)).put("gcMs", ms));
    });
    return serve(router);
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker that can be made sick on request: {@code GET /block} blocks its event loop for good,
 * {@code GET /hog?mb=N} keeps N MB of heap reachable; {@code GET /} answers its slot and pid.
 */
public class TroubleVerticle extends ClusterVerticle {

  private static final List<byte[]> HOARD = new ArrayList<>();

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/block").handler(ctx -> {
      while (true) {
        LockSupport.parkNanos(1_000_000_000L); // a handler that never returns
      }
    });
    router.get("/hog").handler(ctx -> {
      int mb = Integer.parseInt(ctx.request().getParam("mb", "1"));
      // 64 KiB pieces: a whole MiB would be a humongous object, twice its size on a small heap
      for (int i = 0; i < mb * 16; i++) {
        HOARD.add(new byte[64 * 1024]);
      }
      System.gc();
      ctx.json(identity().put("hoardedMb", HOARD.size() / 16));
    });
    return serve(router);
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid());
  }
}

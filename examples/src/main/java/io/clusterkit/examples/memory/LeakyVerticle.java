package io.clusterkit.examples.memory;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker with a slow leak, and the launcher's answer to it: {@code GET /leak?mb=N} keeps N MB
 * more reachable for good (a cache that never evicts), and {@code GET /} answers the slot, pid and
 * how much this process has kept. Run it with {@code -max-memory}: once a worker's heap after a
 * garbage collection passes that ceiling, the launcher starts a replacement, waits until it is
 * READY, then drains the leaking worker (its requests finish, no client sees an error), as PM2's
 * {@code max_memory_restart} does but without dropping requests. The leak goes with the process.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -max-memory 100m \
 *     -cp examples.jar io.clusterkit.examples.memory.LeakyVerticle
 * curl 'localhost:8080/leak?mb=130' ; java -jar launcher.jar status
 * </pre>
 */
public class LeakyVerticle extends ClusterVerticle {

  private static final int MB = 1024 * 1024;
  private static final int PIECES_PER_MB = 16;
  /** What this process keeps: static, as leaks usually are. */
  private static final List<byte[]> KEPT = new ArrayList<>();

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/leak").handler(ctx -> {
      int mb = Integer.parseInt(ctx.request().getParam("mb", "10"));
      if (mb < 1 || mb > 1024) {
        ctx.response().setStatusCode(400).end("mb must be 1..1024, was " + mb + "\n");
        return;
      }
      synchronized (KEPT) {
        // 64 KiB pieces: a whole MiB would be a humongous object for G1, twice its size on a
        // small heap
        for (int i = 0; i < mb * PIECES_PER_MB; i++) {
          KEPT.add(new byte[MB / PIECES_PER_MB]);
        }
      }
      // a collection now, so that the demonstration need not wait for the JVM's next one to
      // measure the heap after GC; a real leak is found by the collections it causes anyway
      System.gc();
      ctx.json(identity());
    });
    return serve(router);
  }

  private JsonObject identity() {
    synchronized (KEPT) {
      return new JsonObject().put("worker", workerId()).put("pid", pid())
          .put("keptMb", KEPT.size() / PIECES_PER_MB);
    }
  }
}

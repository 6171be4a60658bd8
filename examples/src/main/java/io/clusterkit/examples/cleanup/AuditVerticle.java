package io.clusterkit.examples.cleanup;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a worker's own clean-up goes: the verticle's {@code stop()}. This one buffers audit
 * events in memory ({@code POST /event?name=X}) and appends them to its file
 * ({@code auditDir}/audit-PID.log, configuration {@code auditDir}, default the working
 * directory) every {@code flushMs} (default 60000): events still in the buffer at shutdown would
 * be lost, so {@code stop()} cancels the timer, flushes them and writes a last
 * {@code closed} line. The launcher calls {@code stop()} on every graceful exit of a worker
 * (SIGTERM or {@code stop} to the launcher, a reload, {@code restart}, a scale-down, a recycle),
 * once the worker's connections have drained, as its Vert.x closes; it must finish within
 * {@code -grace}, after which the launcher kills the worker. A worker killed
 * ({@code kill -9}, out of memory) runs no code at all: keep what must survive that elsewhere.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -conf '{"auditDir":"/tmp"}' \
 *     -cp examples.jar io.clusterkit.examples.cleanup.AuditVerticle
 * curl -X POST 'localhost:8080/event?name=login' ; kill -TERM LAUNCHER_PID ; cat /tmp/audit-*.log
 * </pre>
 */
public class AuditVerticle extends ClusterVerticle {

  private final List<String> buffer = new ArrayList<>();
  private String file;
  private long timer;

  @Override
  public Future<?> start() {
    file = config().getString("auditDir", ".") + "/audit-" + pid() + ".log";
    timer = vertx.setPeriodic(config().getLong("flushMs", 60_000L), id -> flush());
    Router router = Router.router(vertx);
    router.post("/event").handler(ctx -> {
      String name = ctx.request().getParam("name", "unnamed");
      buffer.add("worker " + workerId() + " event " + name);
      ctx.end("buffered " + buffer.size() + "\n");
    });
    return serve(router);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    int pending = buffer.size();
    buffer.add("closed by stop(): flushed " + pending + " buffered events");
    return flush();
  }

  /** Appends the buffered events to the file, without blocking the event loop. */
  private Future<Void> flush() {
    if (buffer.isEmpty()) {
      return Future.succeededFuture();
    }
    StringBuilder lines = new StringBuilder();
    buffer.forEach(line -> lines.append(line).append('\n'));
    buffer.clear();
    return vertx.fileSystem().open(file, new OpenOptions().setAppend(true).setCreate(true))
        .compose(out -> out.write(Buffer.buffer(lines.toString()))
            .eventually(() -> out.close()));
  }
}

package io.clusterkit.examples.cpu;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * CPU-heavy requests (password hashing) served four ways, Node's "cluster vs worker threads" on
 * the JVM. {@code GET /hash?cost=N} derives a PBKDF2 key with N thousand iterations (default 20);
 * {@code GET /cheap} answers at once; {@code GET /} names the worker, its mode and its Java. The
 * configuration key {@code mode} chooses where the hashing runs:
 * <ul>
 *   <li>{@code event-loop}: in the request handler, on the event loop (the pitfall: every
 *       request of that loop, cheap ones included, waits behind the hash);</li>
 *   <li>{@code blocking}: {@code executeBlocking} on the worker pool (20 threads by
 *       default);</li>
 *   <li>{@code worker}: a worker verticle ({@link HashingJob} with
 *       {@code ThreadingModel.WORKER}, {@code jobs} instances, default the number of cores),
 *       asked over the local event bus;</li>
 *   <li>{@code virtual}: the same verticle on virtual threads ({@code
 *       ThreadingModel.VIRTUAL_THREAD}), which needs Java 21 or later on the workers: run the
 *       launcher with {@code -java} naming such a JDK.</li>
 * </ul>
 * The fourth way of the comparison is no mode: more worker processes ({@code -workers}) with the
 * hashing on each one's event loop.
 *
 * <pre>
 * java -jar launcher.jar -workers 2 -conf '{"mode":"worker"}' \
 *     -cp examples.jar io.clusterkit.examples.cpu.HashingVerticle
 * java -jar launcher.jar -workers 2 -java /usr/lib/jvm/temurin-25-jdk-amd64 \
 *     -conf '{"mode":"virtual"}' -cp examples.jar io.clusterkit.examples.cpu.HashingVerticle
 * curl 'localhost:8080/hash?cost=20' ; curl localhost:8080/cheap
 * </pre>
 */
public class HashingVerticle extends ClusterVerticle {

  /** The modes of the configuration key {@code mode}. */
  public static final String EVENT_LOOP = "event-loop";
  /** Hashing through {@code executeBlocking}. */
  public static final String BLOCKING = "blocking";
  /** Hashing in worker verticles. */
  public static final String WORKER = "worker";
  /** Hashing in virtual-thread verticles (Java 21+). */
  public static final String VIRTUAL = "virtual";

  private static final int MAX_COST = 1000;

  private String mode;
  private final DeliveryOptions local = new DeliveryOptions().setLocalOnly(true)
      .setSendTimeout(60_000);

  @Override
  public Future<?> start() {
    mode = config().getString("mode", EVENT_LOOP);
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity()));
    router.get("/cheap").handler(ctx -> ctx.json(new JsonObject().put("worker", workerId())));
    router.get("/hash").handler(this::hash);
    return jobs().compose(v -> serve(router));
  }

  private Future<?> jobs() {
    int instances = config().getInteger("jobs", Runtime.getRuntime().availableProcessors());
    switch (mode) {
      case EVENT_LOOP:
      case BLOCKING:
        return Future.succeededFuture();
      case WORKER:
        return vertx.deployVerticle(HashingJob::new, new DeploymentOptions()
            .setThreadingModel(ThreadingModel.WORKER).setInstances(instances));
      case VIRTUAL:
        if (Runtime.version().feature() < 21) {
          return Future.failedFuture("mode virtual needs Java 21 or later on the workers, this "
              + "worker runs Java " + Runtime.version() + ": give the launcher -java JDK_HOME");
        }
        return vertx.deployVerticle(HashingJob::new, new DeploymentOptions()
            .setThreadingModel(ThreadingModel.VIRTUAL_THREAD).setInstances(instances));
      default:
        return Future.failedFuture("mode must be event-loop, blocking, worker or virtual, was '"
            + mode + "'");
    }
  }

  private void hash(RoutingContext ctx) {
    int cost;
    try {
      cost = Integer.parseInt(ctx.request().getParam("cost", "20"));
    } catch (NumberFormatException e) {
      cost = -1;
    }
    if (cost < 1 || cost > MAX_COST) {
      ctx.response().setStatusCode(400).end("cost must be 1.." + MAX_COST + "\n");
      return;
    }
    int iterations = cost * 1000;
    Future<JsonObject> done;
    switch (mode) {
      case EVENT_LOOP:
        done = Future.succeededFuture(Passwords.hash(iterations));
        break;
      case BLOCKING:
        done = vertx.executeBlocking(() -> Passwords.hash(iterations), false);
        break;
      default:
        done = vertx.eventBus().<JsonObject>request(HashingJob.ADDRESS, iterations, local)
            .map(reply -> reply.body());
    }
    done.onSuccess(result -> ctx.json(result.put("worker", workerId()).put("mode", mode)))
        .onFailure(ctx::fail);
  }

  private JsonObject identity() {
    return new JsonObject().put("worker", workerId()).put("pid", pid()).put("mode", mode)
        .put("java", Runtime.version().toString()).put("feature", Runtime.version().feature());
  }
}

package io.clusterkit.examples.hello;

import io.clusterkit.verticles.Worker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The hello cluster written as a plain Vert.x verticle that listens by itself, with no
 * {@code serve()}: {@code GET /} answers as {@link HelloVerticle} does. Every worker's
 * {@code listen} shares the port (the {@code http.port} configuration key, 8080 by default) through
 * the launcher; the router benchmark runs it beside {@code HelloVerticle} to compare the two paths.
 *
 * <pre>
 * java -jar launcher/target/launcher.jar -workers 2 -cp examples/target/examples.jar \
 *     io.clusterkit.examples.hello.OwnListenHello
 * curl localhost:8080/          # {"worker":0,"pid":4711}
 * </pre>
 *
 * <p>No {@code -port}: the launcher opens 8080 when the first worker listens on it, as it would
 * for {@code serve()}; with {@code http.port} set to another port in the configuration
 * ({@code -conf}), the launcher never opens 8080.
 */
public class OwnListenHello extends VerticleBase {

  @Override
  public Future<?> start() {
    Worker worker = Worker.current();
    JsonObject identity = new JsonObject().put("worker", worker.workerId())
        .put("pid", worker.pid());
    Router router = Router.router(vertx);
    router.get("/").handler(ctx -> ctx.json(identity.copy()));
    return vertx.createHttpServer().requestHandler(router)
        .listen(config().getInteger("http.port", 8080), config().getString("http.host", "0.0.0.0"));
  }
}

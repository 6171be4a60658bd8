package io.clusterkit.examples.hello;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * HelloVerticle (or another verticle of the examples) on one plain, non-clustered JVM, without
 * ClusterKit's launcher: the baseline the benchmarks compare the cluster with. {@code java -cp
 * launcher.jar:examples.jar io.clusterkit.examples.hello.StandaloneHello PORT EVENT_LOOPS
 * [VERTICLE]}.
 */
public final class StandaloneHello {

  private StandaloneHello() {
  }

  /**
   * Starts the server.
   *
   * @param args the port (default 8080), the number of event loops and verticle instances
   *     (default 2), and the verticle class (default HelloVerticle)
   */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int loops = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    String verticle = args.length > 2 ? args[2] : HelloVerticle.class.getName();
    vertx.deployVerticle(verticle, new DeploymentOptions()
            .setInstances(loops).setConfig(new JsonObject().put("http.port", port)))
        .onSuccess(id -> System.out.println("standalone hello listening on port " + port))
        .onFailure(e -> {
          System.err.println("standalone hello failed: " + e.getMessage());
          System.exit(1);
        });
  }
}

package io.clusterkit.examples.it.apps;

import io.clusterkit.verticles.ClusterVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker that boots and serves its slot and pid until the file named by its {@code crashFile}
 * configuration exists; from then on every new worker fails at boot, as a release with a bad
 * setting would: a crash loop that begins after the cluster's first boot.
 */
public class CrashAtBootVerticle extends ClusterVerticle {

  @Override
  public Future<?> start() {
    Path crashFile = Path.of(config().getString("crashFile"));
    if (Files.exists(crashFile)) {
      throw new IllegalStateException("crash file " + crashFile + " exists: failing at boot");
    }
    return serve(req -> req.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("worker", workerId()).put("pid", pid()).encode()));
  }
}

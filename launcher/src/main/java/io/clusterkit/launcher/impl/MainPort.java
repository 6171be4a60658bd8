package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.sticky.RouterMode;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public port of {@code serve()} ({@code -port}) and when it opens. Given, it opens at boot
 * and a port that cannot be opened fails the start. Not given, under the hand-off router, the
 * default port opens on the first {@code serve()} of any worker (or a worker's own listen on
 * it), as a shared port opens on its first listen request ({@link SharedPorts}): an application
 * that only listens by itself never holds it, and a port that cannot be opened then stops the
 * cluster naming the port and the worker ({@link Event.PortUnavailable}). The other router modes
 * open it at boot in any case (their workers' own listens are not shared). Confined to the
 * supervisor's context.
 */
final class MainPort {

  private static final Logger log = LoggerFactory.getLogger(MainPort.class);

  private final ClusterRuntime runtime;
  /** The router's listen, null until the port was asked for. */
  private Future<Integer> opening;

  MainPort(ClusterRuntime runtime) {
    this.runtime = runtime;
  }

  /** @return whether the port opens on the first serve() rather than at boot */
  boolean onDemand() {
    return runtime.mode == RouterMode.HANDOFF && !runtime.options.isPortGiven();
  }

  /**
   * @return the port a worker's own listen names to be served as {@code serve()}'s: the bound
   *     one once open, else the port that will be opened
   */
  int wanted() {
    int bound = runtime.port();
    return bound != 0 ? bound : runtime.options.getPort();
  }

  /** @return whether the port is open now */
  boolean isOpen() {
    return opening != null && opening.succeeded();
  }

  /**
   * Opens the port at boot, unless it opens on demand.
   *
   * @return a future completed with the bound port, 0 when it opens on demand, or failed with
   *     why it cannot be opened
   */
  Future<Integer> openAtBoot() {
    if (onDemand()) {
      log.info("port {} (serve()'s, -port not given) opens on the first serve() of a worker",
          runtime.options.getPort());
      return Future.succeededFuture(0);
    }
    return open();
  }

  /**
   * Opens the port for a worker that serves it, once for all; when it cannot be opened, the
   * cluster stops naming the port and the worker.
   *
   * @param slot the worker's slot
   * @param gen its generation
   * @param what what the worker does on the port, for messages: {@code "serves"} (with
   *     {@code serve()}) or {@code "listens"} (a server of its own)
   * @return a future completed with the bound port, or failed with the router's reason
   */
  Future<Integer> openFor(int slot, int gen, String what) {
    boolean first = opening == null;
    Future<Integer> bound = open();
    if (first) {
      log.info("slot {} gen {} - {} first on port {}, serve()'s: opening it", slot, gen, what,
          runtime.options.getPort());
    }
    return bound.transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(ar.result());
      }
      if (first) {
        String reason = "slot " + slot + " gen " + gen + " " + what + " on "
            + runtime.options.getHost() + ":" + runtime.options.getPort()
            + " (serve()'s port, -port not given), which the launcher cannot open: "
            + ar.cause().getMessage();
        runtime.context.runOnContext(v ->
            runtime.executor.handle(new Event.PortUnavailable(slot, gen, reason)));
      }
      return Future.failedFuture(ar.cause());
    });
  }

  private Future<Integer> open() {
    if (opening == null) {
      opening = runtime.router.listen().onSuccess(bound -> {
        runtime.port(bound);
        if (runtime.meters != null) {
          runtime.meters.bindRouter(runtime.router, bound);
        }
        runtime.context.runOnContext(v -> {
          if (runtime.admin != null) {
            runtime.admin.portOpened(bound);
          }
        });
      });
    }
    return opening;
  }
}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.sticky.Balancers;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.WorkerKey;
import io.clusterkit.sticky.handoff.launcher.HandoffRouter;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.ListenRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher side of a worker's own {@code listen(port)}, as Node's primary serves its
 * workers' listens: the first request for a port opens it (the same host rules and errors as
 * {@code -port}) with a router of its own, balanced by the cluster's strategy, handing sockets
 * off to the workers that serve it, each through its hand-off socket for that port
 * ({@link ListenRequest#socketPath}); the port of {@code serve()} ({@code -port}: every
 * {@code serve()}'s {@link ListenRequest.Op#MAIN}, or a worker's own listen on that port) is
 * opened by {@link MainPort}, at boot or on its first request, and reaches the workers' main
 * hand-off sockets. A worker is routed to on a port while it
 * is routable (READY) and serves that port, so a server that listens late is routed to from
 * then on. A port that cannot be opened stops the cluster ({@link Event.PortUnavailable}), as a
 * bad {@code -port} does. Confined to the supervisor's context.
 */
final class SharedPorts {

  private static final Logger log = LoggerFactory.getLogger(SharedPorts.class);

  private final ClusterRuntime runtime;
  private final Map<Integer, Port> ports = new TreeMap<>();
  /** Workers ({@link WorkerKey}) the supervisor has made routable. */
  private final Set<Long> routable = new HashSet<>();

  /** One public port opened for workers' own servers. */
  private static final class Port {
    final int port;
    final String host;
    final RoutingTable table = new RoutingTable();
    final HandoffRouter router;
    final Future<Integer> listening;
    /** Workers ({@link WorkerKey}) that take this port's sockets. */
    final Set<Long> serving = new HashSet<>();

    Port(ClusterRuntime runtime, String host, int port) {
      this.port = port;
      this.host = host;
      this.router = new HandoffRouter(runtime.vertx,
          runtime.options.getRouterOptions().setHost(host).setPort(port),
          Balancers.byName(runtime.options.getBalance()), table);
      this.listening = router.listen().onSuccess(bound -> {
        if (runtime.meters != null) {
          runtime.meters.bindRouter(router, bound);
        }
      });
    }
  }

  SharedPorts(ClusterRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Takes the workers' listen requests from now on.
   *
   * @return a future completed once the consumer is registered across the cluster
   */
  Future<Void> listen() {
    return runtime.vertx.eventBus().<JsonObject>consumer(Addresses.local(Addresses.LAUNCHER_LISTEN),
        message -> runtime.context.runOnContext(v -> handle(message))).completion();
  }

  private void handle(Message<JsonObject> message) {
    ListenRequest request;
    try {
      request = ListenRequest.fromJson(message.body());
    } catch (IllegalArgumentException e) {
      message.fail(400, e.getMessage());
      return;
    }
    if (runtime.shutdown.halted()) {
      message.fail(503, "the launcher is stopping");
      return;
    }
    if (request.op() != ListenRequest.Op.SERVE) {
      open(request, message);
    } else {
      serve(request, message);
    }
  }

  private void open(ListenRequest request, Message<JsonObject> message) {
    if (request.op() == ListenRequest.Op.MAIN || request.port() == runtime.main.wanted()) {
      // serve()'s port: open already, or opened now when -port was not given
      String what = request.op() == ListenRequest.Op.MAIN ? "serves" : "listens";
      runtime.main.openFor(request.slot(), request.gen(), what).onComplete(ar ->
          runtime.context.runOnContext(v -> {
            if (ar.succeeded()) {
              message.reply(new JsonObject().put(ListenRequest.MAIN, true));
            } else {
              message.fail(503, ar.cause().getMessage());
            }
          }));
      return;
    }
    if (runtime.handoff == null) {
      message.fail(501, "a worker's own listen is shared only by the socket hand-off router");
      return;
    }
    Port port = ports.computeIfAbsent(request.port(),
        p -> new Port(runtime, request.host(), p));
    port.listening.onComplete(ar -> runtime.context.runOnContext(v -> {
      if (ar.succeeded()) {
        message.reply(new JsonObject().put(ListenRequest.MAIN, false));
        return;
      }
      String reason = "slot " + request.slot() + " gen " + request.gen() + " listens on "
          + request.where() + ", which the launcher cannot open: " + ar.cause().getMessage();
      message.fail(503, ar.cause().getMessage());
      runtime.executor.handle(new Event.PortUnavailable(request.slot(), request.gen(), reason));
    }));
  }

  private void serve(ListenRequest request, Message<JsonObject> message) {
    Port port = ports.get(request.port());
    if (port == null || port.listening.failed() || !port.listening.isComplete()) {
      message.fail(409, "port " + request.port() + " is not open");
      return;
    }
    long key = WorkerKey.of(request.slot(), request.gen());
    port.serving.add(key);
    if (routable.contains(key)) {
      route(port, request.slot(), request.gen());
    }
    log.info("slot {} gen {} - serves port {} with a server of its own", request.slot(),
        request.gen(), request.port());
    message.reply(new JsonObject());
  }

  /**
   * Follows the supervisor's routing: a routable worker gets the sockets of every port it
   * serves, an unroutable one none.
   *
   * @param slot the worker's slot
   * @param gen its generation
   * @param isRoutable whether it is routable now
   */
  void routed(int slot, int gen, boolean isRoutable) {
    long key = WorkerKey.of(slot, gen);
    if (isRoutable) {
      routable.add(key);
    } else {
      routable.remove(key);
    }
    for (Port port : ports.values()) {
      if (!port.serving.contains(key)) {
        continue;
      }
      if (isRoutable) {
        route(port, slot, gen);
      } else {
        port.table.unroute(slot, gen);
        port.router.unrouted(slot, gen);
        port.serving.remove(key);
      }
    }
  }

  private void route(Port port, int slot, int gen) {
    port.table.route(slot, gen, SocketAddress.domainSocketAddress(ListenRequest.socketPath(
        runtime.command.socketPath(slot, gen), port.port).toString()));
  }

  /**
   * Describes the open ports for the admin API's status: each port, the host it is bound on, the
   * slots routed to now, and what its router did so far.
   *
   * @return one object per port, in port order
   */
  JsonArray describe() {
    JsonArray all = new JsonArray();
    for (Port port : ports.values()) {
      if (!port.listening.succeeded()) {
        continue;
      }
      JsonArray slots = new JsonArray();
      port.table.ready().forEach(load -> slots.add(load.slot()));
      all.add(new JsonObject().put("port", port.port).put("host", port.host)
          .put("routed", slots)
          .put("accepted", port.router.stats().accepted())
          .put("open", port.router.activeConnections()));
    }
    return all;
  }

  /**
   * Closes every shared port: new connections are refused, established ones stay.
   *
   * @return a future completed once they are closed
   */
  Future<Void> stopAccepting() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Port port : ports.values()) {
      closing.add(port.router.stopAccepting());
    }
    Promise<Void> all = Promise.promise();
    Future.join(closing).onComplete(ar -> all.complete());
    return all.future();
  }
}

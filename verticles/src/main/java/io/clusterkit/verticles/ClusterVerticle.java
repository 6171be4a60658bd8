package io.clusterkit.verticles;

import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedLock;
import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.protocol.HostTables;
import io.clusterkit.verticles.protocol.Messenger;
import io.clusterkit.verticles.protocol.SlotTable;
import io.clusterkit.verticles.impl.WorkerMetrics;
import io.clusterkit.verticles.impl.WorkerServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The base of every ClusterKit verticle. Extend it, build your routes in {@code start()} and
 * return {@code serve(router)}: the server binds where the launcher tells this worker (users
 * never choose ports), the launcher sends it client connections on the public port, and at stop
 * or reload the server drains without failing a request.
 *
 * <p>{@code vertx} is the worker's clustered Vert.x: its event bus and shared data span every
 * worker and the launcher.
 *
 * <p>Deployed outside a ClusterKit worker (a plain Vert.x, a unit test), the verticle runs
 * standalone: {@link #workerId()} is 0 and {@code serve()} listens on the port named by the
 * {@code http.port} configuration key (default {@value #STANDALONE_PORT}).
 *
 * <p>Messaging, as Node's {@code cluster} gives it: {@link #sendToLauncher}, {@link #send} and
 * {@link #request} to the READY worker of a slot, {@link #broadcast} to every worker, and
 * {@link #onMessage} to receive. Whether a slot has a READY worker is decided by the launcher's
 * slot table, which every worker keeps: a message to a slot without one fails at once with a
 * {@link io.vertx.core.eventbus.ReplyException} ({@code NO_HANDLERS}) such as
 * {@code no READY worker in slot 1 (slots: 0=READY 1=STARTING)}, never a hang. Bodies must be
 * types every JVM can read without your classes ({@link io.clusterkit.state.PortableValues}):
 * anything else throws {@code IllegalArgumentException} at once. Standalone, this verticle is
 * slot 0 of one: sends to slot 0 reach its own handlers, other slots and the launcher fail.
 */
public abstract class ClusterVerticle extends VerticleBase {

  /** The port {@code serve()} binds when the verticle runs outside a ClusterKit worker. */
  public static final int STANDALONE_PORT = 8080;

  /**
   * The worker's slot: 0..N-1, the same for every process that ever serves that slot (a crashed
   * worker's replacement keeps its id).
   *
   * @return the slot of this worker, 0 when standalone
   */
  public int workerId() {
    return WorkerServices.workerId();
  }

  /** @return the operating-system process id of this worker */
  public long pid() {
    return ProcessHandle.current().pid();
  }

  /**
   * The worker's Micrometer registry: meters added here are scraped with the worker's other
   * series on the launcher's {@code -metrics} endpoint, labelled with its slot and gen. Without
   * {@code -metrics} (or standalone) it is a registry that keeps nothing, so the same code runs
   * either way at no cost.
   *
   * @return the registry to add the application's meters to
   */
  public MeterRegistry meterRegistry() {
    return WorkerMetrics.registryOrNoop();
  }

  /**
   * Serves router with default server options.
   *
   * @param router the routes to serve
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(Router router) {
    return serve(new HttpServerOptions(), (Handler<HttpServerRequest>) router);
  }

  /**
   * Serves a request handler with default server options.
   *
   * @param handler the handler of every request
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(Handler<HttpServerRequest> handler) {
    return serve(new HttpServerOptions(), handler);
  }

  /**
   * Serves router with the given server options (TLS, compression, limits...). Host and port in
   * options are ignored: the launcher decides where this worker listens.
   *
   * @param options the server options
   * @param router the routes to serve
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(HttpServerOptions options, Router router) {
    return serve(options, (Handler<HttpServerRequest>) router);
  }

  /**
   * Serves a request handler with the given server options. Host and port in options are
   * ignored: the launcher decides where this worker listens.
   *
   * @param options the server options
   * @param handler the handler of every request
   * @return a future completed with the bound server
   */
  protected Future<HttpServer> serve(HttpServerOptions options, Handler<HttpServerRequest> handler) {
    return WorkerServices.serve(vertx, config(), options, handler);
  }

  /**
   * Sends body to the launcher, whose {@code Cluster.onMessage} handlers get it.
   *
   * @param body a portable value (String, JSON, number, Buffer...)
   * @return a future completed once the launcher has received it
   */
  public Future<Void> sendToLauncher(Object body) {
    return messenger().toLauncher(body, false, Duration.ofSeconds(30)).mapEmpty();
  }

  /**
   * Sends body to the launcher and awaits the answer its {@code Cluster.onMessage} handler gives
   * with {@code WorkerMessage.reply}.
   *
   * @param body a portable value
   * @param timeout how long to wait for the answer, at least 1 ms
   * @param <T> the answer's type
   * @return a future completed with the answer, or failed after timeout
   */
  public <T> Future<Message<T>> requestLauncher(Object body, Duration timeout) {
    return messenger().toLauncher(body, true, timeout);
  }

  /**
   * Sends body to the READY worker of a slot (this one's included), without waiting for an answer.
   *
   * @param slot the slot to send to, 0 or more
   * @param body a portable value
   * @return a future completed once the message is on its way, or failed at once when the slot
   *     has no READY worker
   */
  public Future<Void> send(int slot, Object body) {
    return messenger().send(slot, body);
  }

  /**
   * Sends body to the READY worker of a slot and awaits its reply ({@code message.reply(...)} in
   * that worker's {@link #onMessage} handler).
   *
   * @param slot the slot to ask, 0 or more
   * @param body a portable value
   * @param timeout how long to wait for the reply, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply; failed at once when the slot has no READY worker,
   *     or as soon as the launcher sees that worker gone, else after timeout
   */
  public <T> Future<Message<T>> request(int slot, Object body, Duration timeout) {
    return messenger().request(slot, body, timeout);
  }

  /**
   * Publishes body to the message handlers of every worker, this one's included (each verticle
   * instance that called {@link #onMessage} gets a copy).
   *
   * @param body a portable value
   * @return a future completed once the message is on its way
   */
  public Future<Void> broadcast(Object body) {
    return messenger().broadcast(body);
  }

  /**
   * Receives what is sent to this worker ({@link #send}, {@link #request}, the launcher's
   * {@code Cluster.send}) and every broadcast. {@link #senderOf(Message)} names the sender; a
   * broadcast has {@code message.address()} equal to {@link Addresses#WORKERS}. Call it from
   * {@code start()} and compose its future before {@code serve()}: the worker reports READY, and
   * others may send to it, only once start has completed.
   *
   * @param handler called on this verticle's context for each message
   * @param <T> the body type expected
   * @return a future completed once the handler is registered across the cluster
   */
  protected <T> Future<Void> onMessage(Handler<Message<T>> handler) {
    return messenger().listen(handler);
  }

  /**
   * Names the sender of a message received by {@link #onMessage}. Replies carry no sender: the
   * requester knows whom it asked.
   *
   * @param message a ClusterKit message
   * @return the sender's slot, or {@link Addresses#LAUNCHER} (-1) for the launcher
   */
  public static int senderOf(Message<?> message) {
    return Messenger.senderOf(message);
  }

  /** @return the slots that have a READY worker, as the launcher's newest slot table says */
  public List<Integer> readySlots() {
    return messenger().table().readySlots();
  }

  // ---- several hosts ----

  /**
   * @return this worker's host in a cluster of several hosts (its launcher's name), or "" when
   *     its launcher runs on its own
   */
  public String host() {
    return Addresses.host();
  }

  /**
   * Sends body to the READY worker of a slot of a host: {@code send(host(), slot, body)} is
   * {@link #send(int, Object)}.
   *
   * @param host a launcher's name in this cluster
   * @param slot the slot to send to, 0 or more
   * @param body a portable value
   * @return a future completed once the message is on its way, or failed at once when there is
   *     no such host or its slot has no READY worker in the host's newest slot table
   */
  public Future<Void> send(String host, int slot, Object body) {
    return messenger().send(host, slot, body);
  }

  /**
   * Sends body to the READY worker of a slot of a host and awaits its reply.
   *
   * @param host a launcher's name in this cluster
   * @param slot the slot to ask, 0 or more
   * @param body a portable value
   * @param timeout how long to wait for the reply, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply; failed at once when there is no such host or no
   *     READY worker in the slot, as soon as the host's launcher shows that worker gone (or the
   *     host leaves), else after timeout
   */
  public <T> Future<Message<T>> request(String host, int slot, Object body, Duration timeout) {
    return messenger().request(host, slot, body, timeout);
  }

  /**
   * Names the host of a message's sender.
   *
   * @param message a ClusterKit message
   * @return the sender's launcher name, "" when its launcher runs on its own
   */
  public static String senderHostOf(Message<?> message) {
    return Messenger.senderHostOf(message);
  }

  /**
   * @return the READY slots of every host of the cluster, by launcher name, as each host's
   *     launcher last published them (only this host's when its launcher runs on its own)
   */
  public Map<String, List<Integer>> readySlotsByHost() {
    Map<String, List<Integer>> all = new TreeMap<>();
    HostTables tables = messenger().hosts();
    if (tables != null) {
      tables.entries().forEach((name, entry) -> all.put(name,
          SlotTable.fromJson(entry.getJsonObject("table")).readySlots()));
    }
    all.put(host(), readySlots());
    return all;
  }
  // ---- end of several hosts ----

  /**
   * Returns a cluster-wide map with per-entry TTL (see {@link SharedState#map(String)}).
   *
   * @param name the map's name, the same on every worker and the launcher
   * @param <K> the key type
   * @param <V> the value type
   * @return a handle on the map
   */
  public <K, V> SharedMap<K, V> sharedMap(String name) {
    return SharedState.of(vertx).map(name);
  }

  /**
   * Returns a cluster-wide counter (see {@link SharedState#counter(String)}).
   *
   * @param name the counter's name
   * @return a handle on the counter
   */
  public SharedCounter counter(String name) {
    return SharedState.of(vertx).counter(name);
  }

  /**
   * Acquires a cluster-wide lock (see {@link SharedState#lock(String, Duration)}).
   *
   * @param name the lock's name
   * @param timeout how long to wait for it, at least 1 ms
   * @return a future completed with the held lock, or failed after timeout
   */
  public Future<SharedLock> lock(String name, Duration timeout) {
    return SharedState.of(vertx).lock(name, timeout);
  }

  private Messenger messenger() {
    return WorkerServices.messenger(vertx);
  }
}

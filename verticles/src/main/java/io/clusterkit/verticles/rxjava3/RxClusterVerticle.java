package io.clusterkit.verticles.rxjava3;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.ClusterVerticle;
import io.clusterkit.verticles.protocol.Messenger;
import io.clusterkit.verticles.impl.WorkerMetrics;
import io.clusterkit.verticles.impl.WorkerServices;
import io.clusterkit.verticles.rxjava3.impl.RxFutures;
import io.micrometer.core.instrument.MeterRegistry;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.rxjava3.core.AbstractVerticle;
import io.vertx.rxjava3.core.eventbus.Message;
import io.vertx.rxjava3.core.eventbus.MessageConsumer;
import io.vertx.rxjava3.core.http.HttpServer;
import io.vertx.rxjava3.core.http.HttpServerRequest;
import io.vertx.rxjava3.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The base of a ClusterKit verticle written with RxJava 3: the twin of {@link ClusterVerticle},
 * with the same capabilities and rules, each call returning a {@code Single}, {@code Maybe},
 * {@code Completable} or {@code Flowable}. Override {@link #rxStart()}, build an Rx
 * {@link Router} on the Rx {@code vertx} field and return {@code serve(router).ignoreElement()}.
 *
 * <p>Like every ClusterKit call, each method starts its work at once (a bad argument throws at
 * once, a runtime failure reaches subscribers as {@code onError}); the Rx type carries that one
 * outcome to every subscriber. Only {@link #messages()} is lazy: its consumers are registered when
 * it is subscribed and unregistered when that subscription is cancelled.
 *
 * <p>Deployed outside a ClusterKit worker it runs standalone, as {@link ClusterVerticle} does:
 * slot 0 of a cluster of one, serving on the {@code http.port} configuration key (default
 * {@value ClusterVerticle#STANDALONE_PORT}), with no launcher.
 */
public abstract class RxClusterVerticle extends AbstractVerticle {

  private final List<Future<Void>> startRegistrations = new ArrayList<>();
  private boolean starting;

  /**
   * Runs {@link #rxStart()}, then waits until the cluster knows every {@link #messages()}
   * consumer subscribed during it, so that this worker is reported READY, and so sent to, only
   * once it can receive.
   *
   * @param startPromise completed once started
   * @throws Exception never itself: {@code rxStart()} failures fail the promise
   */
  @Override
  public void start(Promise<Void> startPromise) throws Exception {
    Promise<Void> started = Promise.promise();
    synchronized (startRegistrations) {
      starting = true;
    }
    super.start(started);
    started.future().compose(v -> {
      List<Future<Void>> registrations;
      synchronized (startRegistrations) {
        starting = false;
        registrations = List.copyOf(startRegistrations);
        startRegistrations.clear();
      }
      // a consumer cancelled during start fails its registration: only waiting matters here
      return Future.join(registrations).<Void>transform(ar -> Future.succeededFuture());
    }).onComplete(startPromise);
  }

  /** @return the worker's slot, 0..N-1 (kept by a crashed worker's replacement), 0 standalone */
  public int workerId() {
    return WorkerServices.workerId();
  }

  /** @return the operating-system process id of this worker */
  public long pid() {
    return ProcessHandle.current().pid();
  }

  /**
   * The worker's Micrometer registry, as {@link ClusterVerticle#meterRegistry()} gives it:
   * meters added here are scraped with the worker's other series on the launcher's
   * {@code -metrics} endpoint; without {@code -metrics} it keeps nothing.
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
   * @return a Single of the bound server
   */
  protected Single<HttpServer> serve(Router router) {
    return serve(new HttpServerOptions(), router);
  }

  /**
   * Serves a request handler with default server options.
   *
   * @param handler the handler of every request
   * @return a Single of the bound server
   */
  protected Single<HttpServer> serve(Handler<HttpServerRequest> handler) {
    return serve(new HttpServerOptions(), handler);
  }

  /**
   * Serves router with the given server options (TLS, compression, limits...); host and port are
   * ignored: the launcher decides where this worker listens.
   *
   * @param options the server options
   * @param router the routes to serve
   * @return a Single of the bound server
   */
  protected Single<HttpServer> serve(HttpServerOptions options, Router router) {
    Objects.requireNonNull(router, "router");
    return RxFutures.single(WorkerServices.serve(getVertx(), config(), options,
        router.getDelegate()), HttpServer::newInstance);
  }

  /**
   * Serves a request handler with the given server options; host and port are ignored.
   *
   * @param options the server options
   * @param handler the handler of every request
   * @return a Single of the bound server
   */
  protected Single<HttpServer> serve(HttpServerOptions options,
      Handler<HttpServerRequest> handler) {
    Objects.requireNonNull(handler, "handler");
    return RxFutures.single(WorkerServices.serve(getVertx(), config(), options,
        request -> handler.handle(HttpServerRequest.newInstance(request))), HttpServer::newInstance);
  }

  /**
   * Sends body to the launcher, whose {@code Cluster.onMessage} handlers get it.
   *
   * @param body a portable value (String, JSON, number, Buffer...)
   * @return a Completable that completes once the launcher has received it
   */
  public Completable sendToLauncher(Object body) {
    return RxFutures.completable(messenger().toLauncher(body, false, Duration.ofSeconds(30)));
  }

  /**
   * Sends body to the launcher and awaits its handler's {@code WorkerMessage.reply}.
   *
   * @param body a portable value
   * @param timeout how long to wait for the answer, at least 1 ms
   * @param <T> the answer's type
   * @return a Single of the answer, or an error after timeout
   */
  public <T> Single<Message<T>> requestLauncher(Object body, Duration timeout) {
    return RxFutures.single(messenger().<T>toLauncher(body, true, timeout), Message::newInstance);
  }

  /**
   * Sends body to the READY worker of a slot (this one's included), without waiting for an answer.
   *
   * @param slot the slot to send to, 0 or more
   * @param body a portable value
   * @return a Completable that completes once the message is on its way, or errors at once when
   *     the slot has no READY worker
   */
  public Completable send(int slot, Object body) {
    return RxFutures.completable(messenger().send(slot, body));
  }

  /**
   * Sends body to the READY worker of a slot and awaits its reply.
   *
   * @param slot the slot to ask, 0 or more
   * @param body a portable value
   * @param timeout how long to wait for the reply, at least 1 ms
   * @param <T> the reply's type
   * @return a Single of the reply; an error at once when the slot has no READY worker, as soon as
   *     the launcher sees that worker gone, else after timeout
   */
  public <T> Single<Message<T>> request(int slot, Object body, Duration timeout) {
    return RxFutures.single(messenger().<T>request(slot, body, timeout), Message::newInstance);
  }

  // ---- several hosts ----

  /** @return this worker's host among several hosts (its launcher's name), "" on its own */
  public String host() {
    return io.clusterkit.verticles.Addresses.host();
  }

  /**
   * Sends body to the READY worker of a slot of a host; {@code send(host(), slot, body)} is
   * {@link #send(int, Object)}.
   *
   * @param host a launcher's name in this cluster
   * @param slot the slot to send to, 0 or more
   * @param body a portable value
   * @return a Completable that completes once the message is on its way, or errors at once when
   *     there is no such host or its slot has no READY worker
   */
  public Completable send(String host, int slot, Object body) {
    return RxFutures.completable(messenger().send(host, slot, body));
  }

  /**
   * Sends body to the READY worker of a slot of a host and awaits its reply.
   *
   * @param host a launcher's name in this cluster
   * @param slot the slot to ask, 0 or more
   * @param body a portable value
   * @param timeout how long to wait for the reply, at least 1 ms
   * @param <T> the reply's type
   * @return a Single of the reply; an error at once when there is no such host or READY worker,
   *     as soon as that worker or host is gone, else after timeout
   */
  public <T> Single<Message<T>> request(String host, int slot, Object body, Duration timeout) {
    return RxFutures.single(messenger().<T>request(host, slot, body, timeout),
        Message::newInstance);
  }
  // ---- end of several hosts ----

  /**
   * Publishes body to the message consumers of every worker, this one's included.
   *
   * @param body a portable value
   * @return a Completable that completes once the message is on its way
   */
  public Completable broadcast(Object body) {
    return RxFutures.completable(messenger().broadcast(body));
  }

  /**
   * Streams what is sent to this worker ({@link #send}, {@link #request}, the launcher's
   * {@code Cluster.send}) and every broadcast, on the context that subscribes, with backpressure.
   * Each subscription registers its own consumers and cancelling it unregisters them. Those
   * subscribed during {@link #rxStart()} are known to the cluster before this worker is READY.
   *
   * @param <T> the body type expected
   * @return a Flowable of the messages, lazily registered
   */
  public <T> Flowable<Message<T>> messages() {
    Messenger messenger = messenger();
    return Flowable.defer(() -> {
      List<Flowable<Message<T>>> streams = new ArrayList<>();
      for (io.vertx.core.eventbus.MessageConsumer<T> consumer : messenger.<T>consumers()) {
        streams.add(MessageConsumer.<T>newInstance(consumer).toFlowable()
            .doOnSubscribe(s -> registering(consumer.completion())));
      }
      return Flowable.merge(streams);
    });
  }

  /**
   * Names the sender of a message received by {@link #messages()}.
   *
   * @param message a ClusterKit message
   * @return the sender's slot, or {@link Addresses#LAUNCHER} (-1) for the launcher
   */
  public static int senderOf(Message<?> message) {
    return Messenger.senderOf(Objects.requireNonNull(message, "message").getDelegate());
  }

  /** @return the slots that have a READY worker, as the launcher's newest slot table says */
  public List<Integer> readySlots() {
    return messenger().table().readySlots();
  }

  /**
   * Returns a cluster-wide map with per-entry TTL (see {@link RxSharedState#map(String)}).
   *
   * @param name the map's name, the same on every worker and the launcher
   * @param <K> the key type
   * @param <V> the value type
   * @return a handle on the map
   */
  public <K, V> RxSharedMap<K, V> sharedMap(String name) {
    return RxSharedState.of(vertx).map(name);
  }

  /**
   * Returns a cluster-wide counter (see {@link RxSharedState#counter(String)}).
   *
   * @param name the counter's name
   * @return a handle on the counter
   */
  public RxSharedCounter counter(String name) {
    return RxSharedState.of(vertx).counter(name);
  }

  /**
   * Acquires a cluster-wide lock (see {@link RxSharedState#lock(String, Duration)}).
   *
   * @param name the lock's name
   * @param timeout how long to wait for it, at least 1 ms
   * @return a Single of the held lock, or an error after timeout
   */
  public Single<RxSharedLock> lock(String name, Duration timeout) {
    return RxSharedState.of(vertx).lock(name, timeout);
  }

  private void registering(Future<Void> registration) {
    synchronized (startRegistrations) {
      if (starting) {
        startRegistrations.add(registration);
      }
    }
  }

  private Messenger messenger() {
    return WorkerServices.messenger(getVertx());
  }
}

package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spare's warm-up while it waits for a slot ({@code -spare-warmup}): a private HTTP server on
 * 127.0.0.1:0 with a Vert.x Web router, and a client inside the same JVM sending it requests over
 * keep-alive connections and over a new connection each, on the worker's own transport, until
 * {@link #MAX_REQUESTS} were answered or the time is up, whichever comes first. Then both are
 * closed. A fresh JVM serves its first seconds interpreted; after this the JIT has compiled the
 * HTTP codec, the router's dispatch and the JSON encoding before the spare takes a slot.
 * {@link #cut()} stops it at once: a slot never waits for it.
 */
final class SpareWarmup {

  private static final Logger log = LoggerFactory.getLogger(SpareWarmup.class);

  /** The most requests one warm-up sends: past it the hot paths are compiled. */
  static final long MAX_REQUESTS = 60_000;
  /** Requests in flight over keep-alive connections (one connection each). */
  private static final int KEEP_ALIVE_CHAINS = 3;

  /** How a warm-up ended. */
  enum State { RUNNING, DONE, CUT, FAILED }

  private final Vertx vertx;
  private final long budgetMillis;
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong requests = new AtomicLong();
  /** Requests sent or about to be: the cap counts these, so no more than it are answered. */
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong newConnections = new AtomicLong();
  private final Promise<JsonObject> ended = Promise.promise();
  private volatile State state = State.RUNNING;
  private volatile String failure;
  private HttpServer server;
  private HttpClient keepAlive;
  private HttpClient closing;
  private int chainsLeft;

  private SpareWarmup(Vertx vertx, long budgetMillis) {
    this.vertx = vertx;
    this.budgetMillis = budgetMillis;
  }

  /**
   * Starts a warm-up, and tells the launcher ({@link Addresses#LAUNCHER_SPARE_WARMUP}) that it
   * runs and, once its server is closed, how it ended.
   *
   * @param vertx the spare's Vert.x
   * @param spare the spare's number
   * @param pid its process id
   * @param budgetMillis its longest run, above 0
   * @return the running warm-up
   */
  static SpareWarmup start(Vertx vertx, int spare, long pid, long budgetMillis) {
    if (budgetMillis <= 0) {
      throw new IllegalArgumentException("budgetMillis must be > 0, was " + budgetMillis);
    }
    SpareWarmup warmup = new SpareWarmup(vertx, budgetMillis);
    warmup.tell(spare, pid, warmup.report());
    vertx.runOnContext(v -> warmup.run());
    warmup.ended().onSuccess(report -> {
      log.info("spare {} pid {} - warm-up {}: {} requests ({} on new connections) in {} ms{}",
          spare, pid, report.getString("state"), report.getLong("requests"),
          report.getLong("newConnections"), report.getLong("millis"),
          report.containsKey("failure") ? ": " + report.getString("failure") : "");
      warmup.tell(spare, pid, report);
    });
    return warmup;
  }

  private void tell(int spare, long pid, JsonObject report) {
    vertx.eventBus().send(Addresses.local(Addresses.LAUNCHER_SPARE_WARMUP),
        report.copy().put("spare", spare).put("pid", pid));
  }

  /**
   * @return a future completed, once the server and clients are closed, with what {@link
   *     #report()} says then
   */
  Future<JsonObject> ended() {
    return ended.future();
  }

  /** Stops the warm-up at once (a slot was given): no further request starts. */
  void cut() {
    if (stopped.compareAndSet(false, true)) {
      state = State.CUT;
      vertx.runOnContext(v -> close());
    }
  }

  /** @return the warm-up so far: state, requests answered, new connections, milliseconds */
  JsonObject report() {
    JsonObject report = new JsonObject()
        .put("state", state.name().toLowerCase(java.util.Locale.ROOT))
        .put("requests", requests.get())
        .put("newConnections", newConnections.get())
        .put("millis", (System.nanoTime() - startNanos) / 1_000_000)
        .put("budgetMillis", budgetMillis);
    return failure == null ? report : report.put("failure", failure);
  }

  private void run() {
    Router router = Router.router(vertx);
    router.get("/warmup/json").handler(ctx -> ctx.json(new JsonObject()
        .put("worker", -1).put("requests", requests.get())));
    router.get("/warmup/text").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain").end("warm"));
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> {
          server = listening;
          if (stopped.get()) {
            close();
            return;
          }
          keepAlive = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(KEEP_ALIVE_CHAINS));
          closing = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
              new PoolOptions().setHttp1MaxSize(1));
          vertx.timer(budgetMillis, TimeUnit.MILLISECONDS).onSuccess(t -> finish(State.DONE));
          chainsLeft = KEEP_ALIVE_CHAINS + 1;
          for (int i = 0; i < KEEP_ALIVE_CHAINS; i++) {
            next(keepAlive, i % 2 == 0 ? "/warmup/json" : "/warmup/text", false);
          }
          next(closing, "/warmup/json", true);
        })
        .onFailure(e -> fail(e));
  }

  /** One chain: a request, then the next once it is answered, until the warm-up stops. */
  private void next(HttpClient client, String path, boolean fresh) {
    if (stopped.get() || started.incrementAndGet() > MAX_REQUESTS) {
      if (--chainsLeft == 0) {
        finish(State.DONE);
      }
      return;
    }
    client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
        .compose(request -> request.send().compose(response -> response.body()))
        .onSuccess(body -> {
          requests.incrementAndGet();
          if (fresh) {
            newConnections.incrementAndGet();
          }
          next(client, path, fresh);
        })
        .onFailure(e -> {
          if (stopped.get()) {
            next(client, path, fresh); // closed under it: this chain ends
          } else {
            fail(e);
          }
        });
  }

  private void finish(State how) {
    if (stopped.compareAndSet(false, true)) {
      state = how;
      close();
    }
  }

  private void fail(Throwable e) {
    failure = String.valueOf(e.getMessage() == null ? e : e.getMessage());
    finish(State.FAILED);
  }

  /** Closes the clients, then the server, and completes {@link #ended()}. */
  private void close() {
    Future<Void> clients = Future.join(
        keepAlive == null ? Future.succeededFuture() : keepAlive.close(),
        closing == null ? Future.succeededFuture() : closing.close()).mapEmpty();
    clients.eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .onComplete(ar -> ended.tryComplete(report()));
  }
}

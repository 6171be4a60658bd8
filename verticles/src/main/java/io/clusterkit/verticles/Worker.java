package io.clusterkit.verticles;

import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedLock;
import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.clusterkit.verticles.impl.WorkerMetrics;
import io.clusterkit.verticles.impl.WorkerServices;
import io.clusterkit.verticles.protocol.Messenger;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ClusterVerticle} gives its subclasses, for code that does not extend it: a plain
 * {@code AbstractVerticle} or {@code VerticleBase}, a {@code Main-Verticle} jar, a library.
 * {@code Worker.current()} from any verticle's code (on a Vert.x thread) gives the worker it runs
 * in: its slot, messaging to the launcher and to other workers, and the cluster-wide maps,
 * counters and locks, with the same rules and errors as the members of the same names in
 * {@link ClusterVerticle}.
 *
 * <pre>{@code
 * Worker worker = Worker.current();
 * router.get("/").handler(ctx -> worker.counter("hits").incrementAndGet()
 *     .onSuccess(n -> ctx.end("worker " + worker.workerId() + " hit " + n)));
 * }</pre>
 *
 * <p>Outside a ClusterKit worker (a plain Vert.x, a unit test) it is the standalone worker of
 * {@link ClusterVerticle}: slot 0 of one, its maps and counters those of that Vert.x.
 */
public final class Worker {

  private final Vertx vertx;

  private Worker(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * The worker the calling code runs in, found through the Vert.x context of the calling thread.
   *
   * @return the worker
   * @throws IllegalStateException when called from a thread of no Vert.x (use {@link #of})
   */
  public static Worker current() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("Worker.current() needs a Vert.x thread (a verticle's "
          + "start() or handler); elsewhere use Worker.of(vertx)");
    }
    return new Worker(context.owner());
  }

  /**
   * The worker whose Vert.x is vertx, from any thread.
   *
   * @param vertx the worker's Vert.x (a verticle's {@code vertx} field)
   * @return the worker
   */
  public static Worker of(Vertx vertx) {
    return new Worker(Objects.requireNonNull(vertx, "vertx"));
  }

  /** @return the worker's slot, 0..N-1, kept by a crashed worker's replacement; 0 standalone */
  public int workerId() {
    return WorkerServices.workerId();
  }

  /** @return the operating-system process id of this worker */
  public long pid() {
    return ProcessHandle.current().pid();
  }

  /** @return the worker's Vert.x: clustered in a ClusterKit worker */
  public Vertx vertx() {
    return vertx;
  }

  /** @return the worker's Micrometer registry (see {@link ClusterVerticle#meterRegistry()}) */
  public MeterRegistry meterRegistry() {
    return WorkerMetrics.registryOrNoop();
  }

  /**
   * Sends body to the launcher (see {@link ClusterVerticle#sendToLauncher}).
   *
   * @param body a portable value
   * @return a future completed once the launcher has received it
   */
  public Future<Void> sendToLauncher(Object body) {
    return messenger().toLauncher(body, false, Duration.ofSeconds(30)).mapEmpty();
  }

  /**
   * Sends body to the launcher and awaits its answer (see {@link ClusterVerticle#requestLauncher}).
   *
   * @param body a portable value
   * @param timeout how long to wait, at least 1 ms
   * @param <T> the answer's type
   * @return a future completed with the answer, or failed after timeout
   */
  public <T> Future<Message<T>> requestLauncher(Object body, Duration timeout) {
    return messenger().toLauncher(body, true, timeout);
  }

  /**
   * Sends body to the READY worker of a slot (see {@link ClusterVerticle#send}).
   *
   * @param slot the slot, 0 or more
   * @param body a portable value
   * @return a future completed once sent, or failed at once when the slot has no READY worker
   */
  public Future<Void> send(int slot, Object body) {
    return messenger().send(slot, body);
  }

  /**
   * Sends body to the READY worker of a slot and awaits its reply (see
   * {@link ClusterVerticle#request}).
   *
   * @param slot the slot, 0 or more
   * @param body a portable value
   * @param timeout how long to wait, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply
   */
  public <T> Future<Message<T>> request(int slot, Object body, Duration timeout) {
    return messenger().request(slot, body, timeout);
  }

  /**
   * Publishes body to every worker's message handlers (see {@link ClusterVerticle#broadcast}).
   *
   * @param body a portable value
   * @return a future completed once the message is on its way
   */
  public Future<Void> broadcast(Object body) {
    return messenger().broadcast(body);
  }

  /**
   * Receives what is sent to this worker and every broadcast (see
   * {@link ClusterVerticle#onMessage}); call it on the verticle's context.
   *
   * @param handler called for each message
   * @param <T> the body type expected
   * @return a future completed once the handler is registered across the cluster
   */
  public <T> Future<Void> onMessage(Handler<Message<T>> handler) {
    return messenger().listen(handler);
  }

  /**
   * Names the sender of a received message.
   *
   * @param message a ClusterKit message
   * @return the sender's slot, or {@link Addresses#LAUNCHER} for the launcher
   */
  public static int senderOf(Message<?> message) {
    return Messenger.senderOf(message);
  }

  /** @return the slots that have a READY worker, as the newest slot table says */
  public List<Integer> readySlots() {
    return messenger().table().readySlots();
  }

  /**
   * Returns a cluster-wide map (see {@link SharedState#map(String)}).
   *
   * @param name the map's name
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

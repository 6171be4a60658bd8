package io.clusterkit.launcher;

import io.clusterkit.launcher.impl.ClusterControl;
import io.clusterkit.launcher.impl.ClusterEvents;
import io.clusterkit.state.SharedCounter;
import io.clusterkit.state.SharedLock;
import io.clusterkit.state.SharedMap;
import io.clusterkit.state.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A running ClusterKit cluster: the launcher's side. It holds the public port, starts one worker
 * JVM per slot, routes every connection to a READY worker, replaces workers that crash, and drains
 * them all at stop. The command line is a thin shell over this class; a program of your own can
 * use it the same way.
 *
 * <pre>{@code
 * Cluster.start(new LauncherOptions().setWorkers(4).setVerticle("com.example.App"))
 *     .onSuccess(cluster -> System.out.println("serving on port " + cluster.port()));
 * }</pre>
 *
 * <p>What Node's {@code cluster} gives a primary: events ({@link #onFork}, {@link #onOnline},
 * {@link #onExit}, {@link #onMessage}), registered before {@link #start()} or at any time after,
 * and messages to workers ({@link #send}, {@link #request}, {@link #broadcast}) decided by the
 * launcher's own slot table: a slot with no READY worker fails at once. Handlers run on the
 * launcher's supervisor context, one event at a time; one that throws is logged and ignored.
 * Its commands ({@link #reload}, {@link #restart}, {@link #scale}, {@link #stop}) go through the
 * same control as the command line's signals and admin API.
 */
public final class Cluster {

  private final ClusterEvents events = new ClusterEvents();
  private final ClusterControl control;

  private Cluster(LauncherOptions options) {
    this.control = ClusterControl.create(options, events);
  }

  /**
   * Creates a cluster without starting anything, so that a stop can be requested at any moment
   * of its start (a signal handler installed before {@link #start()}).
   *
   * @param options what to run; the verticle must be set
   * @return the cluster, not started
   */
  public static Cluster create(LauncherOptions options) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(options.getVerticle(), "verticle");
    return new Cluster(new LauncherOptions(options));
  }

  /**
   * Creates and starts a cluster.
   *
   * @param options what to run; the verticle must be set
   * @return a future completed as {@link #start()}'s
   */
  public static Future<Cluster> start(LauncherOptions options) {
    return create(options).start();
  }

  /**
   * Starts the cluster: creates the launcher's Hazelcast member, binds the public port, spawns
   * the workers.
   *
   * @return a future completed with this cluster once every worker is READY, or failed with a
   *     {@link LaunchException} (port in use, a worker that cannot boot...) once everything
   *     started is stopped again
   */
  public Future<Cluster> start() {
    return control.start().map(this);
  }

  /**
   * @return the public port of {@code serve()} actually bound; 0 before it is, and for good when
   *     the port was not set ({@link LauncherOptions#setPort}) and no worker called serve()
   */
  public int port() {
    return control.port();
  }

  /** @return one entry per slot, in slot order; empty before the workers are started */
  public List<WorkerInfo> workers() {
    return control.workers();
  }

  /**
   * Stops gracefully: stop accepting, drain every worker up to the grace period, kill what is
   * left. Calling it again while the stop runs forces an immediate stop. A stop requested while
   * the cluster is starting takes effect as soon as the launcher's cluster member is up.
   *
   * @return a future completed with the exit code (0 for a clean stop)
   */
  public Future<Integer> stop() {
    return control.stop();
  }

  /**
   * Replaces every worker with a fresh process, one slot at a time, without failing a request:
   * each replacement starts beside the worker it replaces, gets new connections once READY, and
   * only then does the old worker drain (it finishes what it serves, up to the grace period).
   * With a classpath, the replacements run that code, and so do later restarts. A replacement
   * that fails to become READY stops the reload there: the slots already rolled keep the new
   * code, the others keep theirs, and every slot keeps a worker serving.
   *
   * @param classpath the application's new jars or class folders, or null to keep the code
   * @return a future completed with what the reload did once every slot is rolled, or failed
   *     with a {@link ControlException}: {@link ControlException.Kind#REFUSED} when the
   *     cluster's state did not allow it (not started, stopping, another reload running),
   *     {@link ControlException.Kind#FAILED} when it stopped (a replacement that could not boot,
   *     a stop)
   */
  public Future<ReloadResult> reload(List<java.nio.file.Path> classpath) {
    return control.reload(classpath);
  }

  /**
   * Replaces the worker of one slot with a fresh process without failing a request, as a reload
   * does for every slot: the replacement starts beside the old worker, gets new connections once
   * READY, and only then does the old worker drain (its exit's reason says it was a restart).
   * Other slots are untouched. A FAILED slot, or one waiting to restart after a crash, gets a
   * fresh worker at once.
   *
   * @param slot the slot, 0 or more
   * @return a future completed with what the restart did once the old worker has exited, or
   *     failed with a {@link ControlException}: {@link ControlException.Kind#REFUSED} when the
   *     cluster's state did not allow it (not started, still starting, stopping, a reload or a
   *     replacement of that slot running), {@link ControlException.Kind#FAILED} when it stopped
   *     (the replacement did not become READY: the old worker keeps serving; a stop); or with an
   *     IllegalArgumentException when the slot is not one of the cluster's
   * @throws IllegalArgumentException when slot is negative
   */
  public Future<RestartResult> restart(int slot) {
    return control.restart(slot);
  }

  /**
   * Runs this many workers from now on: new slots start, and the highest slots above it stop
   * taking connections, drain, and stop. Slots are never renumbered.
   *
   * @param workers at least 1
   * @return a future completed with what changes, or failed with a {@link ControlException}
   *     refusal (a reload running, the cluster not started, still starting or stopping)
   */
  public Future<ScaleResult> scale(int workers) {
    return control.scale(workers);
  }

  /**
   * Adds or removes workers (SIGTTIN and SIGTTOU do this with 1 and -1).
   *
   * @param delta how many workers to add, negative to remove; at least one worker remains
   * @return as {@link #scale(int)}
   */
  public Future<ScaleResult> scaleBy(int delta) {
    return control.scaleBy(delta);
  }

  /**
   * The end of this cluster, whatever ended it.
   *
   * @return a future completed with the exit code once every worker is gone
   */
  public Future<Integer> terminated() {
    return control.terminated();
  }

  /** @return why the cluster ended, or null while it runs */
  public String terminationReason() {
    return control.terminationReason();
  }

  /**
   * Calls handler each time a worker process is spawned (Node's {@code 'fork'}).
   *
   * @param handler gets the worker, STARTING, with its pid
   * @return this cluster
   */
  public Cluster onFork(Handler<WorkerInfo> handler) {
    events.addFork(handler);
    return this;
  }

  /**
   * Calls handler each time a worker becomes READY (Node's {@code 'online'}/{@code 'listening'}).
   *
   * @param handler gets the worker, READY; messages to its slot reach it from now on
   * @return this cluster
   */
  public Cluster onOnline(Handler<WorkerInfo> handler) {
    events.addOnline(handler);
    return this;
  }

  /**
   * Calls handler each time a worker process ends (Node's {@code 'exit'}).
   *
   * @param handler gets how it ended and whether the launcher had asked for it
   * @return this cluster
   */
  public Cluster onExit(Handler<WorkerExit> handler) {
    events.addExit(handler);
    return this;
  }

  /**
   * Calls handler for each message a worker sends with {@code sendToLauncher} or
   * {@code requestLauncher} (Node's {@code 'message'}).
   *
   * @param handler gets the sender and body; {@link WorkerMessage#reply} answers a request
   * @return this cluster
   */
  public Cluster onMessage(Handler<WorkerMessage> handler) {
    events.addMessage(handler);
    return this;
  }

  /**
   * Sends body to the READY worker of a slot (its {@code onMessage} handler).
   *
   * @param slot the slot, 0 or more
   * @param body a portable value (String, JSON, JDK number, Boolean, Buffer...)
   * @return a future completed once the message is on its way, or failed at once when the slot
   *     has no READY worker or the cluster is not started
   */
  public Future<Void> send(int slot, Object body) {
    return control.send(slot, body);
  }

  /**
   * Sends body to the READY worker of a slot and awaits its reply.
   *
   * @param slot the slot, 0 or more
   * @param body a portable value
   * @param timeout how long to wait, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply; failed at once when the slot has no READY worker
   *     or loses it while waiting, else after timeout
   */
  public <T> Future<Message<T>> request(int slot, Object body, Duration timeout) {
    return control.request(slot, body, timeout);
  }

  // ---- several hosts ----

  /**
   * @return this launcher's host name in a cluster of several hosts (its {@code -name}, else the
   *     machine's host name), or "" when it runs on its own
   */
  public String host() {
    return control.host();
  }

  /**
   * Lists the workers of every host of the cluster: this host's from its own slot table, the
   * others' as their launchers last published them.
   *
   * @return one entry per host by launcher name, in name order, each in slot order; only this
   *     host's (under {@link #host()}) when the launcher runs on its own
   */
  public Map<String, List<WorkerInfo>> workersByHost() {
    return control.workersByHost();
  }

  /**
   * Sends body to the READY worker of a slot of a host; {@code send(host(), slot, body)} is
   * {@link #send(int, Object)}.
   *
   * @param host a launcher's name in this cluster
   * @param slot the slot, 0 or more
   * @param body a portable value
   * @return a future completed once the message is on its way, or failed at once when there is
   *     no such host or its slot has no READY worker
   */
  public Future<Void> send(String host, int slot, Object body) {
    return control.send(host, slot, body);
  }

  /**
   * Sends body to the READY worker of a slot of a host and awaits its reply.
   *
   * @param host a launcher's name in this cluster
   * @param slot the slot, 0 or more
   * @param body a portable value
   * @param timeout how long to wait, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply; failed at once when there is no such host or no
   *     READY worker in its slot, as soon as that worker or host is gone, else after timeout
   */
  public <T> Future<Message<T>> request(String host, int slot, Object body, Duration timeout) {
    return control.request(host, slot, body, timeout);
  }
  // ---- end of several hosts ----

  /**
   * Publishes body to the {@code onMessage} handlers of every worker.
   *
   * @param body a portable value
   * @return a future completed once the message is on its way
   */
  public Future<Void> broadcast(Object body) {
    return control.broadcast(body);
  }

  /**
   * Returns the cluster's shared state, the same maps, counters and locks the workers see.
   *
   * @return the launcher's view of it
   * @throws IllegalStateException before the launcher's cluster member is up
   */
  public SharedState sharedState() {
    Vertx vertx = control.vertx();
    if (vertx == null) {
      throw new IllegalStateException("the cluster is not started");
    }
    return SharedState.of(vertx);
  }

  /**
   * Returns a cluster-wide map with per-entry TTL, as a worker's {@code sharedMap(name)}.
   *
   * @param name the map's name
   * @param <K> the key type
   * @param <V> the value type
   * @return a handle on the map
   */
  public <K, V> SharedMap<K, V> sharedMap(String name) {
    return sharedState().map(name);
  }

  /**
   * Returns a cluster-wide counter, as a worker's {@code counter(name)}.
   *
   * @param name the counter's name
   * @return a handle on the counter
   */
  public SharedCounter counter(String name) {
    return sharedState().counter(name);
  }

  /**
   * Acquires a cluster-wide lock, as a worker's {@code lock(name, timeout)}.
   *
   * @param name the lock's name
   * @param timeout how long to wait for it, at least 1 ms
   * @return a future completed with the held lock, or failed after timeout
   */
  public Future<SharedLock> lock(String name, Duration timeout) {
    return sharedState().lock(name, timeout);
  }
}

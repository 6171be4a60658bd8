package io.clusterkit.launcher;

import io.clusterkit.launcher.impl.ClusterRuntime;
import io.clusterkit.verticles.ExitCodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
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
 */
public final class Cluster {

  private final LauncherOptions options;
  private final Promise<Integer> terminated = Promise.promise();
  private volatile ClusterRuntime runtime;
  private volatile boolean stopRequested;
  private volatile String terminationReason;

  private Cluster(LauncherOptions options) {
    this.options = options;
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
    return ClusterRuntime.start(options, created -> {
      runtime = created;
      created.terminated().onComplete(ar -> {
        terminationReason = created.terminationReason();
        terminated.tryComplete(ar.succeeded() ? ar.result() : ExitCodes.INTERNAL);
      });
      if (stopRequested) {
        created.stop();
      }
    }).map(this).onFailure(e -> {
      terminationReason = e.getMessage();
      terminated.tryComplete(e instanceof LaunchException launch
          ? launch.exitCode() : ExitCodes.INTERNAL);
    });
  }

  /** @return the public port actually bound, 0 before it is */
  public int port() {
    ClusterRuntime current = runtime;
    return current == null ? 0 : current.port();
  }

  /** @return one entry per slot, in slot order; empty before the workers are started */
  public List<WorkerInfo> workers() {
    ClusterRuntime current = runtime;
    return current == null ? List.of() : current.workers();
  }

  /**
   * Stops gracefully: stop accepting, drain every worker up to the grace period, kill what is
   * left. Calling it again while the stop runs forces an immediate stop. A stop requested while
   * the cluster is starting takes effect as soon as the launcher's cluster member is up.
   *
   * @return a future completed with the exit code (0 for a clean stop)
   */
  public Future<Integer> stop() {
    stopRequested = true;
    ClusterRuntime current = runtime;
    if (current != null) {
      current.stop();
    }
    return terminated.future();
  }

  /**
   * The end of this cluster, whatever ended it.
   *
   * @return a future completed with the exit code once every worker is gone
   */
  public Future<Integer> terminated() {
    return terminated.future();
  }

  /** @return why the cluster ended, or null while it runs */
  public String terminationReason() {
    return terminationReason;
  }
}

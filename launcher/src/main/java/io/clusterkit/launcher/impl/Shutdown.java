package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.LaunchException;
import io.clusterkit.state.MembershipOptions;
import io.clusterkit.state.PartitionSafety;
import io.clusterkit.verticles.ExitCodes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the launcher: after the supervisor's Halt, or a boot that failed before it could
 * halt. It stops accepting, leaves the registry of launchers, waits for (or kills) the worker
 * processes, closes Vert.x and removes the socket directory, then gives the exit code.
 */
final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);
  /** How long a launcher among several hosts waits for its partitions to be safe at stop. */
  static final Duration SAFE_TIMEOUT = Duration.ofMinutes(2);
  /**
   * The longest the end may take once the supervisor halted (the workers' drain is bounded by
   * {@code -grace} before that): their exits, the partitions' safety, Hazelcast's hand-over, and
   * a margin. Past it the launcher says where it was stuck and ends anyway.
   */
  static final Duration END_TIMEOUT = Duration.ofSeconds(5).plus(SAFE_TIMEOUT)
      .plusSeconds(MembershipOptions.LEAVE_TIMEOUT_SECONDS).plusSeconds(15);

  private final ClusterRuntime runtime;
  private final Promise<Integer> terminated = Promise.promise();
  private volatile String reason;
  private volatile boolean halted;
  private volatile String phase = "running";

  Shutdown(ClusterRuntime runtime) {
    this.runtime = runtime;
  }

  /** @return whether the supervisor has halted: no event is handled any more */
  boolean halted() {
    return halted;
  }

  /** @return a future completed with the exit code once everything has ended */
  Future<Integer> terminated() {
    return terminated.future();
  }

  /** @return why the cluster ended, or null */
  String reason() {
    return reason;
  }

  /** Carries out the supervisor's Halt: ends everything, then completes with code. */
  void halt(int code, String why) {
    halted = true;
    String detail = why;
    if (code == ExitCodes.BOOT_FAILED) {
      String failure = runtime.running.lastBootFailure();
      detail = failure != null ? "worker failed to boot: " + failure : why;
    }
    reason = detail;
    if (code == ExitCodes.OK) {
      log.info("stopped: {}", detail);
    } else {
      log.error("halting with exit code {} ({}): {}", code, ExitCodes.name(code), detail);
    }
    runtime.ready.tryFail(detail);
    if (runtime.admin != null) {
      runtime.admin.leave();
    }
    watch(code);
    phase = "stopping the router";
    runtime.router.stopAccepting()
        .eventually(runtime.shared::stopAccepting)
        .eventually(() -> {
          phase = "waiting for the workers' exits";
          return runtime.running.awaitAllExited(runtime.vertx, Duration.ofSeconds(5));
        })
        .eventually(() -> {
          phase = "waiting for the partitions to be safe";
          return awaitDataSafe();
        })
        .onComplete(ar -> {
          phase = "leaving the cluster and closing Vert.x";
          closeVertx(() -> terminated.tryComplete(code));
        });
  }

  /**
   * Ends the launcher with code if the end has not come within {@link #END_TIMEOUT}, whatever it
   * waits on, saying where it was; on a thread of its own, since what hangs may be an event loop.
   */
  private void watch(int code) {
    Thread watchdog = new Thread(() -> {
      try {
        terminated.future().toCompletionStage().toCompletableFuture()
            .get(END_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.error("the stop has taken {} s and is still {}: ending now", END_TIMEOUT.toSeconds(),
            phase);
        runtime.sockets.delete();
        terminated.tryComplete(code);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // ended, with a failure that the launcher reports itself
      }
    }, "clusterkit-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /**
   * With launchers on other hosts, leaves only once every partition's backups are in sync, so
   * that no entry has its only copy here; Hazelcast's own graceful shutdown, in close, then
   * hands this member's partitions over (within {@link MembershipOptions#LEAVE_TIMEOUT_SECONDS}).
   * Alone, there is nothing to wait for. The wait ends at {@link #SAFE_TIMEOUT} even while one of
   * Hazelcast's checks hangs (on a member that has died and is not yet declared gone), and says
   * every few seconds why it still waits.
   */
  private Future<Void> awaitDataSafe() {
    if (runtime.directory == null) {
      return Future.succeededFuture();
    }
    long start = System.nanoTime();
    return PartitionSafety.awaitPartitionsSafe(runtime.vertx, SAFE_TIMEOUT,
            state -> log.warn("still in the cluster: {}; waiting up to {} s in all before "
                + "leaving (a member that died is declared gone within about 20 s, then its "
                + "partitions' backups are made again)", state, SAFE_TIMEOUT.toSeconds()))
        .onSuccess(v -> log.info("partitions safe after {} ms: leaving the cluster, this host's "
            + "data now lives on the other launchers (Hazelcast's hand-over, up to {} s)",
            (System.nanoTime() - start) / 1_000_000, MembershipOptions.LEAVE_TIMEOUT_SECONDS))
        .onFailure(e -> log.error("leaving the cluster although {}: entries whose only copy is "
            + "here may be lost", e.getMessage()));
  }

  /**
   * Ends a boot that failed without a Halt: kills every worker, closes Vert.x, then fails
   * result with a {@link LaunchException}.
   */
  void abandon(Throwable cause, Promise<?> result) {
    if (runtime.admin != null) {
      runtime.admin.leave();
    }
    String why = reason != null ? reason : cause.getMessage();
    runtime.router.stopAccepting()
        .eventually(runtime.shared::stopAccepting)
        .eventually(() -> runtime.running.killAll())
        .onComplete(ar -> closeVertx(() -> result.tryFail(cause instanceof LaunchException
            ? cause : new LaunchException(ExitCodes.UNAVAILABLE, why))));
  }

  /**
   * Closes Vert.x (leaving the Hazelcast cluster), removes the socket directory, then runs then.
   * Runs on a thread of its own: once Vert.x is closed, none of its event loops can run callbacks.
   */
  private void closeVertx(Runnable then) {
    long start = System.nanoTime();
    Thread closer = new Thread(() -> runtime.vertx.close().onComplete(ar -> {
      if (ar.failed()) {
        log.warn("closing the launcher's Vert.x failed: {}", ar.cause().getMessage());
      } else if (runtime.directory != null) {
        log.info("left the cluster in {} ms", (System.nanoTime() - start) / 1_000_000);
      }
      runtime.sockets.delete();
      then.run();
    }), "clusterkit-close");
    closer.start();
  }
}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reload, restart and scale requests {@link ClusterControl} has handed to the supervisor and
 * not yet seen end: each becomes a supervisor event, and the supervisor's ReloadDone,
 * RestartDone or ScaleDone completes it with a typed result or fails it with a {@link ControlException}. It also keeps
 * the application classpath of every release, which the spawns read. Used on the supervisor's
 * context only.
 */
final class PendingCommands {

  private static final Logger log = LoggerFactory.getLogger(PendingCommands.class);

  private final Releases releases;
  private final Consumer<Event> supervisor;
  private Promise<ReloadResult> reload;
  private int reloading;
  private Promise<ScaleResult> scale;
  private final Map<Integer, Promise<RestartResult>> restarts = new HashMap<>();

  /**
   * @param launchClasspath the application classpath the cluster was launched with
   * @param supervisor hands an event to the supervisor at once, on this context, and carries
   *     out its actions (so a ScaleDone or a refused ReloadDone arrives before it returns)
   */
  PendingCommands(List<Path> launchClasspath, Consumer<Event> supervisor) {
    this.releases = new Releases(launchClasspath);
    this.supervisor = supervisor;
  }

  /** @return the application classpath of a release, for a spawn */
  List<Path> classpath(int release) {
    return releases.classpath(release);
  }

  /**
   * Starts a rolling reload.
   *
   * @param classpath the application's new classpath, or null to run the current code again
   * @return a future completed with what the reload did, or failed with why it did not run or
   *     stopped
   */
  Future<ReloadResult> reload(List<Path> classpath) {
    if (reload != null) {
      return Future.failedFuture(ControlException.refused(
          "not reloading: a reload is already running"));
    }
    int release = releases.forReload(classpath);
    if (release != releases.current() && classpath == null) {
      log.info("reload onto new code (release {}): the classpath's files changed since release "
          + "{}, so no spare booted from them is used", release, releases.current());
    } else if (release != releases.current()) {
      log.info("reload onto new code (release {}): {}", release, classpath);
    } else {
      log.info("reload requested");
    }
    Promise<ReloadResult> promise = Promise.promise();
    reload = promise;
    reloading = release;
    supervisor.accept(new Event.ReloadRequested(release));
    return promise.future();
  }

  /**
   * Changes the number of workers.
   *
   * @param workers the count from now on
   * @return a future completed with what changes, or failed with why not
   */
  Future<ScaleResult> scale(int workers) {
    Promise<ScaleResult> promise = Promise.promise();
    scale = promise;
    supervisor.accept(new Event.ScaleRequested(workers));
    if (scale == promise) {
      scale = null;
      promise.tryFail(ControlException.failed("the supervisor did not answer the scale request"));
    }
    return promise.future();
  }

  /**
   * Restarts one slot drain-first.
   *
   * @param slot the slot, 0 or more
   * @return a future completed with what the restart did once the old worker has exited, or
   *     failed with a {@link ControlException} (refused, or failed while it ran), or with an
   *     IllegalArgumentException when the slot is not one of the cluster's
   */
  Future<RestartResult> restart(int slot) {
    if (restarts.containsKey(slot)) {
      return Future.failedFuture(ControlException.refused("not restarting slot " + slot
          + ": a restart of it is already running"));
    }
    log.info("restart of slot {} requested", slot);
    Promise<RestartResult> promise = Promise.promise();
    restarts.put(slot, promise);
    supervisor.accept(new Event.RestartRequested(slot));
    return promise.future();
  }

  /** Follows the supervisor's RestartDone: completes the restart of that slot. */
  void restartDone(Action.RestartDone done) {
    if (done.outcome() == Action.RestartDone.Outcome.DONE) {
      log.info("{}", done.detail());
    } else {
      log.warn("{}", done.detail());
    }
    Promise<RestartResult> waiting = restarts.remove(done.slot());
    if (waiting == null) {
      return;
    }
    switch (done.outcome()) {
      case DONE -> waiting.complete(new RestartResult(done.slot(), done.oldGen(), done.oldPid(),
          done.newGen(), done.newPid(), done.detail()));
      case REFUSED -> waiting.fail(ControlException.refused(done.detail()));
      case UNKNOWN_SLOT -> waiting.fail(new IllegalArgumentException(done.detail()));
      default -> waiting.fail(ControlException.failed(done.detail()));
    }
  }

  /** Follows the supervisor's ReloadDone: completes the reload that asked for it. */
  void reloadDone(Action.ReloadDone done) {
    if (done.completed()) {
      releases.rolledOnto(reloading);
      log.info("{}", done.detail());
    } else {
      log.warn("{}", done.detail());
    }
    Promise<ReloadResult> waiting = reload;
    reload = null;
    if (waiting == null) {
      return;
    }
    switch (done.outcome()) {
      case DONE -> waiting.complete(new ReloadResult(done.rolled(), reloading,
          releases.classpath(reloading), done.detail()));
      case REFUSED -> waiting.fail(ControlException.refused(done.detail()));
      default -> waiting.fail(ControlException.failed(done.detail()));
    }
  }

  /** Follows the supervisor's ScaleDone: completes the scale that asked for it. */
  void scaleDone(Action.ScaleDone done) {
    if (done.accepted()) {
      log.info("{}", done.detail());
    } else {
      log.warn("{}", done.detail());
    }
    Promise<ScaleResult> waiting = scale;
    scale = null;
    if (waiting == null) {
      return;
    }
    if (done.accepted()) {
      waiting.complete(new ScaleResult(done.previous(), done.workers(), done.detail()));
    } else {
      waiting.fail(ControlException.refused(done.detail()));
    }
  }
}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.supervisor.Action;
import io.clusterkit.launcher.supervisor.Event;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's run-time operations on its workers, between whoever asks (a signal, the admin
 * API, a program's {@code Cluster}) and the supervisor: a rolling reload, with or without new
 * code, and a change of the number of workers. It keeps the application classpath of every
 * release (0 is the launch's own; each reload with new code adds one) and completes each
 * request once the supervisor says how it ended. Used on the supervisor's context only.
 */
final class Operations {

  private static final Logger log = LoggerFactory.getLogger(Operations.class);

  private final List<List<Path>> releases = new ArrayList<>();
  private final Consumer<Event> supervisor;
  private int current;
  private Promise<String> reload;
  private int reloading;
  private Promise<String> scale;

  /**
   * @param launchClasspath the application classpath the cluster was launched with
   * @param supervisor hands an event to the supervisor, at once, on this context
   */
  Operations(List<Path> launchClasspath, Consumer<Event> supervisor) {
    this.releases.add(List.copyOf(launchClasspath));
    this.supervisor = supervisor;
  }

  /** @return the application classpath of a release */
  List<Path> classpath(int release) {
    return releases.get(release);
  }

  /**
   * Starts a rolling reload.
   *
   * @param classpath the application's new classpath, or null to run the current code again
   * @return a future completed with what the reload did, or failed with why it stopped
   */
  Future<String> reload(List<Path> classpath) {
    if (reload != null) {
      return Future.failedFuture("not reloading: a reload is already running");
    }
    int release = current;
    if (classpath != null && !classpath.equals(releases.get(current))) {
      releases.add(List.copyOf(classpath));
      release = releases.size() - 1;
      log.info("reload onto new code (release {}): {}", release, classpath);
    } else {
      log.info("reload requested");
    }
    reload = Promise.promise();
    reloading = release;
    Future<String> result = reload.future();
    supervisor.accept(new Event.ReloadRequested(release));
    return result;
  }

  /**
   * Changes the number of workers.
   *
   * @param workers at least 1
   * @return a future completed with what changes, or failed with why not
   */
  Future<String> scale(int workers) {
    Promise<String> promise = Promise.promise();
    scale = promise;
    supervisor.accept(new Event.ScaleRequested(workers));
    if (scale == promise) {
      scale = null;
      promise.tryFail("the supervisor did not answer the scale request");
    }
    return promise.future();
  }

  /** Follows the supervisor's ReloadDone. */
  void reloadDone(Action.ReloadDone done) {
    if (done.completed()) {
      current = reloading;
      log.info("{}", done.detail());
    } else {
      log.warn("{}", done.detail());
    }
    Promise<String> waiting = reload;
    reload = null;
    if (waiting != null) {
      if (done.completed()) {
        waiting.complete(done.detail());
      } else {
        waiting.fail(done.detail());
      }
    }
  }

  /** Follows the supervisor's ScaleDone. */
  void scaleDone(Action.ScaleDone done) {
    if (done.accepted()) {
      log.info("{}", done.detail());
    } else {
      log.warn("{}", done.detail());
    }
    Promise<String> waiting = scale;
    scale = null;
    if (waiting != null) {
      if (done.accepted()) {
        waiting.complete(done.detail());
      } else {
        waiting.fail(done.detail());
      }
    }
  }
}

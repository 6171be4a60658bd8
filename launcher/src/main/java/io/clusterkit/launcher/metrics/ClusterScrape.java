package io.clusterkit.launcher.metrics;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One scrape of the whole cluster: every READY or DRAINING worker is asked for its series over
 * the event bus (its private channel, not the public port), all at once, each with a timeout; a
 * worker that fails or is late costs its own series for this scrape and one count of
 * {@code clusterkit_scrape_errors_total}, never the scrape. Workers that have exited are not
 * asked, so their series disappear. The launcher's own series come first.
 */
final class ClusterScrape {

  /** The content type a worker is asked for when the scrape wants OpenMetrics. */
  static final String WORKER_OPENMETRICS = "application/openmetrics-text; version=1.0.0";
  /** The content type a worker is asked for otherwise. */
  static final String WORKER_TEXT = "text/plain; version=0.0.4";

  private final Vertx vertx;
  private final Supplier<List<WorkerInfo>> workers;
  private final LauncherMeters meters;

  ClusterScrape(Vertx vertx, Supplier<List<WorkerInfo>> workers, LauncherMeters meters) {
    this.vertx = vertx;
    this.workers = workers;
    this.meters = meters;
  }

  /**
   * Collects every series.
   *
   * @param openMetrics OpenMetrics rather than the text format
   * @param timeout how long each worker may take
   * @return the exposition; never failed by a worker
   */
  Future<String> collect(boolean openMetrics, Duration timeout) {
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    String wanted = openMetrics ? WORKER_OPENMETRICS : WORKER_TEXT;
    List<Future<String>> answers = new ArrayList<>();
    for (WorkerInfo worker : workers.get()) {
      if (worker.pid() <= 0 || (worker.state() != WorkerState.READY
          && worker.state() != WorkerState.DRAINING)) {
        continue;
      }
      answers.add(vertx.eventBus()
          .<String>request(Addresses.metrics(worker.slot(), worker.gen()), wanted, delivery)
          .map(Message::body)
          .otherwise(e -> {
            meters.scrapeFailed(worker.slot());
            return null;
          }));
    }
    return Future.join(answers).transform(done -> {
      List<String> sources = new ArrayList<>();
      sources.add(meters.scrape(openMetrics));
      for (Future<String> answer : answers) {
        if (answer.result() != null) {
          sources.add(answer.result());
        }
      }
      return Future.succeededFuture(Exposition.merge(sources, openMetrics));
    });
  }
}

package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.Heartbeat;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * A worker's meters with {@code -metrics}: Vert.x's own (HTTP server requests by method, status
 * and matched route, response time as a histogram, connections, bytes, event bus), the JVM's
 * (heap, GC, threads, classes, CPU, open files), ClusterKit's (event-loop delay, RSS) and the
 * application's, all in one Prometheus registry whose series carry the labels {@code slot} and
 * {@code gen} (an application's own tags of those names are overridden). The launcher scrapes it
 * over the event bus, at {@link Addresses#metrics(int, int)}.
 *
 * <p>Route labels come only from routes a vertx-web router matched, never from raw paths, so a
 * client cannot grow the number of series; the request path is not a label.
 */
public final class WorkerMetrics {

  /** The OpenMetrics content type a scrape may ask for. */
  public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0";

  /** The response-time histogram's buckets, in seconds: 100 µs to 10 s (a hello world
   * answers in well under 1 ms), as the heartbeat's. */
  private static final double[] SECONDS_BUCKETS = Heartbeat.latencyBoundsSeconds();

  /** Those buckets as the histogram of Vert.x's HTTP server timers (in nanoseconds), built once. */
  private static final DistributionStatisticConfig RESPONSE_TIME_BUCKETS =
      DistributionStatisticConfig.builder().serviceLevelObjectives(
          Arrays.stream(SECONDS_BUCKETS).map(s -> s * TimeUnit.SECONDS.toNanos(1))
              .toArray()).build();

  /** The name of Vert.x's response-time timer, one per method, status and route. */
  static final String RESPONSE_TIME = "vertx.http.server.response.time";

  /**
   * What the worker's response-time timers counted so far, summed over their methods, statuses
   * and routes.
   *
   * @param responses the responses sent
   * @param serverErrors those with a 5xx status
   * @param latency how many took at most each bound of {@link Heartbeat#latencyBoundsSeconds()}
   */
  record Responses(long responses, long serverErrors, long[] latency) {
  }

  /** A composite of no registry: its meters record nothing. */
  private static final MeterRegistry NOOP = new CompositeMeterRegistry();

  private static volatile PrometheusMeterRegistry current;

  private final PrometheusMeterRegistry registry;

  /** The slot and gen labels of every series: {@code slot="spare"} until {@link #serve}. */
  private volatile Tags labels = Tags.of("slot", "spare", "gen", "0");

  private WorkerMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Creates the registry of this worker and makes it the one {@link #registryOrNoop()} gives.
   * Its series are labelled with the worker's slot and gen from {@link #serve} on: a spare
   * learns them only when it is given a slot, so the process's own meters are bound then, and a
   * meter Vert.x registered while the process was a spare is labelled {@code slot="spare"}.
   *
   * @param slot the worker's slot, or -1 for a spare
   * @param gen the worker's generation
   * @return the worker's metrics
   */
  static WorkerMetrics create(int slot, int gen) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMetrics metrics = new WorkerMetrics(registry);
    if (slot >= 0) {
      metrics.labels = labels(slot, gen);
    }
    // first: these tags apply to the meters registered after them
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.replaceTags(Tags.concat(metrics.labels, id.getTagsAsIterable()));
      }
    });
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id,
          DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("vertx.http.server")) {
          return config;
        }
        return RESPONSE_TIME_BUCKETS.merge(config);
      }
    });
    current = registry;
    return metrics;
  }

  private static Tags labels(int slot, int gen) {
    return Tags.of("slot", Integer.toString(slot), "gen", Integer.toString(gen));
  }

  /** Binds the process's own meters, once the worker knows its slot. */
  private void bindProcessMeters() {
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("clusterkit.event.loop.delay", () -> HeartbeatSender.latestBlockedNanos() / 1e9)
        .description("How long the worker's most stuck event loop has not run a probe task, "
            + "as of the latest heartbeat")
        .baseUnit("seconds").register(registry);
    Gauge.builder("clusterkit.process.rss", HeartbeatSender::rss)
        .description("Resident set size of the worker process").baseUnit("bytes")
        .register(registry);
  }

  /**
   * The registry of this worker, where an application adds its own meters; they are scraped
   * with the worker's other series.
   *
   * @return the registry, or a registry that keeps nothing when the launcher runs without
   *     {@code -metrics}
   */
  public static MeterRegistry registryOrNoop() {
    PrometheusMeterRegistry registry = current;
    return registry != null ? registry : NOOP;
  }

  /**
   * Sums the response-time timers of the current worker's registry, for its heartbeat: a read
   * of a dozen counters per method, status and route the worker has served, once a second.
   *
   * @return the sums, or null without {@code -metrics}
   */
  static Responses responses() {
    PrometheusMeterRegistry registry = current;
    return registry == null ? null : responses(registry);
  }

  /**
   * Sums the response-time timers of a registry.
   *
   * @param registry where Vert.x records its HTTP server meters
   * @return the sums
   */
  static Responses responses(MeterRegistry registry) {
    long responses = 0;
    long errors = 0;
    long[] latency = new long[SECONDS_BUCKETS.length];
    for (Timer timer : registry.find(RESPONSE_TIME).timers()) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      responses += snapshot.count();
      String code = timer.getId().getTag("code");
      if (code != null && code.startsWith("5")) {
        errors += snapshot.count();
      }
      for (CountAtBucket bucket : snapshot.histogramCounts()) {
        int i = bucketIndex(bucket.bucket(TimeUnit.SECONDS));
        if (i >= 0) {
          latency[i] += (long) bucket.count();
        }
      }
    }
    return new Responses(responses, errors, latency);
  }

  private static int bucketIndex(double seconds) {
    for (int i = 0; i < SECONDS_BUCKETS.length; i++) {
      if (Math.abs(SECONDS_BUCKETS[i] - seconds) < 1e-9) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Turns Vert.x's meters on for the worker's Vert.x, in this registry.
   *
   * @param options the worker's Vert.x options
   * @param builder the builder of the worker's Vert.x
   */
  void install(VertxOptions options, VertxBuilder builder) {
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE,
            Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE, Label.EB_FAILURE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    builder.withMetrics(new MicrometerMetricsFactory(registry));
  }

  /**
   * Answers the launcher's scrapes of this worker process.
   *
   * @param vertx the worker's Vert.x
   * @param slot the worker's slot
   * @param gen the worker's generation
   * @return completed once the consumer is registered cluster-wide
   */
  Future<Void> serve(Vertx vertx, int slot, int gen) {
    labels = labels(slot, gen);
    bindProcessMeters();
    return vertx.eventBus().<String>consumer(Addresses.metrics(slot, gen), message ->
            message.reply(scrape(message.body())))
        .completion();
  }

  /**
   * Writes every meter of the worker.
   *
   * @param contentType {@link #OPENMETRICS} for OpenMetrics, anything else for the Prometheus
   *     text format 0.0.4
   * @return the exposition
   */
  String scrape(String contentType) {
    return OPENMETRICS.equals(contentType) ? registry.scrape(OPENMETRICS) : registry.scrape();
  }
}

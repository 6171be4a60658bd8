package io.clusterkit.examples.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.IntFunction;

/**
 * Runs one asynchronous operation over and over on one Vert.x context, keeping a fixed number in
 * flight, until a count or a time limit is reached, and reports throughput and latency
 * percentiles. Every counter is touched on that context only.
 */
final class LoadLoop {

  private final Context context;
  private final IntFunction<Future<?>> operation;
  private final int total;
  private final int inflight;
  private final long deadline;
  private final Latencies latencies;
  private final Promise<JsonObject> done = Promise.promise();
  private final long startNanos;
  private int issued;
  private int completed;
  private int failed;
  private String firstError;
  private boolean issuing;

  private LoadLoop(Context context, IntFunction<Future<?>> operation, int total, int inflight,
      long maxMillis) {
    this.context = context;
    this.operation = operation;
    this.total = total;
    this.inflight = inflight;
    this.latencies = new Latencies(total);
    this.startNanos = System.nanoTime();
    this.deadline = startNanos + maxMillis * 1_000_000L;
  }

  /**
   * Runs operation (given the operation's index) up to total times, inflight at a time, for at
   * most maxMillis; call it on an event loop.
   *
   * @param context the context every completion is handled on
   * @param operation starts operation number i and returns its future
   * @param total the most operations to issue, at least 1
   * @param inflight how many to keep outstanding, at least 1
   * @param maxMillis stop issuing after this long
   * @return a future completed with the figures once every issued operation has completed
   */
  static Future<JsonObject> run(Context context, IntFunction<Future<?>> operation, int total,
      int inflight, long maxMillis) {
    if (total < 1 || inflight < 1 || maxMillis < 1) {
      throw new IllegalArgumentException("total, inflight and maxMillis must be >= 1, were "
          + total + ", " + inflight + ", " + maxMillis);
    }
    LoadLoop loop = new LoadLoop(context, operation, total, inflight, maxMillis);
    loop.issue();
    return loop.done.future();
  }

  private void issue() {
    if (issuing) {
      return; // a completion inside operation.apply(): the loop below carries on
    }
    issuing = true;
    try {
      while (issued - completed < inflight && issued < total && System.nanoTime() < deadline) {
        int index = issued++;
        long t0 = System.nanoTime();
        Future<?> f;
        try {
          f = operation.apply(index);
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
          long latency = System.nanoTime() - t0;
          if (Context.isOnEventLoopThread() && context == Vertx.currentContext()) {
            completed(latency, ar.cause());
          } else {
            context.runOnContext(v -> completed(latency, ar.cause()));
          }
        });
      }
    } finally {
      issuing = false;
    }
    if (completed == issued) {
      finish();
    }
  }

  private void completed(long latencyNanos, Throwable failure) {
    completed++;
    if (failure == null) {
      latencies.record(latencyNanos);
    } else {
      failed++;
      if (firstError == null) {
        firstError = String.valueOf(failure.getMessage());
      }
    }
    issue();
  }

  private void finish() {
    long elapsed = System.nanoTime() - startNanos;
    double[] p = latencies.percentilesMicros(50, 90, 99, 100);
    done.tryComplete(new JsonObject()
        .put("ops", completed - failed).put("failed", failed).put("inflight", inflight)
        .put("elapsedMs", elapsed / 1e6)
        .put("opsPerSec", (completed - failed) / (elapsed / 1e9))
        .put("p50Us", p[0]).put("p90Us", p[1]).put("p99Us", p[2]).put("maxUs", p[3])
        .put("firstError", firstError));
  }
}

package io.clusterkit.launcher.health;

import static io.clusterkit.launcher.health.ContextConditions.whenTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerState;
import io.clusterkit.launcher.supervisor.Event;
import io.clusterkit.verticles.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The launcher's reading of heartbeats: which worker to replace, and how. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthMonitorTest {

  private static final List<WorkerInfo> TWO_READY = List.of(
      new WorkerInfo(0, 1, 100, WorkerState.READY, Duration.ofSeconds(1), 0),
      new WorkerInfo(1, 1, 101, WorkerState.READY, Duration.ofSeconds(1), 0));

  private final List<Event> posted = new CopyOnWriteArrayList<>();
  /** The monitor's context: checks of its state run there too. */
  private Context context;

  private static JsonObject beat(int slot, long blockedMs, long heapAfterGc, long requests) {
    return new JsonObject().put("slot", slot).put("gen", 1).put("heapUsed", heapAfterGc)
        .put("heapAfterGc", heapAfterGc).put("rss", 1L << 27).put("blockedMs", blockedMs)
        .put("connections", 3).put("requests", requests);
  }

  private HealthMonitor start(Vertx vertx, Duration timeout, long maxMemory) {
    return start(vertx, timeout, maxMemory, RequestLimit.none());
  }

  private HealthMonitor start(Vertx vertx, Duration timeout, long maxMemory,
      RequestLimit requestLimit) {
    HealthMonitor monitor = new HealthMonitor(vertx, () -> TWO_READY, posted::add, timeout,
        Duration.ofSeconds(2), maxMemory, requestLimit);
    // as in the launcher: consumer and checks on one context
    CompletableFuture<Void> started = new CompletableFuture<>();
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      monitor.start();
      started.complete(null);
    });
    started.join();
    return monitor;
  }

  @Test
  void silentWorkerIsReportedUnhealthyOnceAndTheBeatingOneIsNot(Vertx vertx,
      VertxTestContext test) {
    start(vertx, Duration.ofMillis(1500), 0);
    long beating = vertx.setPeriodic(200, id -> vertx.eventBus().send(
        Addresses.LAUNCHER_HEARTBEAT, beat(1, 0, 1 << 20, 0)));
    vertx.setTimer(4_500, id -> test.verify(() -> {
      vertx.cancelTimer(beating);
      assertThat(posted).hasSize(1);
      assertThat(posted.get(0)).isInstanceOfSatisfying(Event.Unhealthy.class, unhealthy -> {
        assertThat(unhealthy.slot()).isZero();
        assertThat(unhealthy.reason()).startsWith("no heartbeat for ");
      });
      test.completeNow();
    }));
  }

  @Test
  void blockedEventLoopPastTheLimitIsUnhealthyAndHeapPastTheCeilingIsRecycled(Vertx vertx,
      VertxTestContext test) {
    start(vertx, Duration.ofSeconds(60), 100L << 20);
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(0, 2_500, 1 << 20, 0));
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(1, 0, 150L << 20, 0));
    whenTrue(vertx, context, () -> posted.size() >= 2, test, () -> test.verify(() -> {
      assertThat(posted).containsExactlyInAnyOrder(
          new Event.Unhealthy(0, 1, "event loop blocked for 2500 ms (over -max-blocked 2000 ms)"),
          new Event.Recycle(1, 1, "heap after GC 150 MB over -max-memory 100 MB"));
      test.completeNow();
    }));
  }

  @Test
  void requestRateComesFromTwoHeartbeats(Vertx vertx, VertxTestContext test) {
    HealthMonitor monitor = start(vertx, Duration.ofSeconds(60), 0);
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(0, 0, 1, 1_000));
    vertx.setTimer(500, a -> vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT,
        beat(0, 0, 1, 1_500)));
    whenTrue(vertx, context, () -> monitor.latest(0, 1) != null
        && monitor.latest(0, 1).figures().getLong("requests") == 1_500, test,
        () -> test.verify(() -> {
          double rate = monitor.latest(0, 1).requestsPerSecond();
          assertThat(rate).as("500 requests in about 0.5 s").isBetween(500.0, 2_000.0);
          assertThat(monitor.latest(1, 1)).isNull();
          test.completeNow();
        }));
  }

  @Test
  void workerThatHasServedMaxRequestsIsRecycledOnceAndTheOtherIsNot(Vertx vertx,
      VertxTestContext test) {
    start(vertx, Duration.ofSeconds(60), 0,
        new RequestLimit(1_000, 0, java.util.random.RandomGenerator.getDefault()));
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(0, 0, 1, 999));
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(1, 0, 1, 1_003));
    // two checks at least (one a second): the due worker is reported once, the other never
    vertx.setTimer(2_500, id -> test.verify(() -> {
      assertThat(posted).containsExactly(
          new Event.Recycle(1, 1, "served 1003 requests (-max-requests 1000)"));
      test.completeNow();
    }));
  }

  @Test
  void workerLeavingHandedOffSocketsUnreportedPastTheLimitIsUnhealthyOnce(Vertx vertx,
      VertxTestContext test) {
    HealthMonitor monitor = start(vertx, Duration.ofSeconds(60), 0);
    monitor.watchHandoff((slot, gen) -> slot == 1 ? Duration.ofSeconds(12) : Duration.ofSeconds(9));
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(0, 0, 1 << 20, 0));
    vertx.eventBus().send(Addresses.LAUNCHER_HEARTBEAT, beat(1, 0, 1 << 20, 0));
    whenTrue(vertx, context, () -> !posted.isEmpty(), test, () -> vertx.setTimer(2_500,
        id -> test.verify(() -> {
          assertThat(posted).containsExactly(new Event.Unhealthy(1, 1, "took no handed-off "
              + "connection for 12000 ms (over 10000 ms): it cannot take sockets (out of "
              + "descriptors?)"));
          test.completeNow();
        })));
  }
}

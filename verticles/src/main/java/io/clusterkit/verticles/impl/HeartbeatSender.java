package io.clusterkit.verticles.impl;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.clusterkit.verticles.Addresses;
import io.clusterkit.verticles.protocol.Heartbeat;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Sends a worker's {@link Heartbeat} to its launcher, every interval, from a thread of its own (so
 * a blocked event loop cannot silence it): heap, heap after the last GC, RSS, open connections,
 * requests received, CPU time, with {@code -metrics} the responses, 5xx and response-time
 * bucket counts of its meters (the launcher's live view computes rates and quantiles from
 * them), and how long the worker's most stuck event loop has been unable to run a
 * probe task (each beat posts one to every event loop that has none pending). The launcher
 * replaces a worker whose beats stop, whose event loop stays blocked past its limit, or that is
 * past its memory ceiling.
 */
public final class HeartbeatSender {

  private final Vertx vertx;
  private final int slot;
  private final int gen;
  private final Map<EventExecutor, Long> pendingSince = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "clusterkit-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  private HeartbeatSender(Vertx vertx, int slot, int gen) {
    this.vertx = vertx;
    this.slot = slot;
    this.gen = gen;
  }

  /**
   * Starts beating.
   *
   * @param vertx the worker's clustered Vert.x
   * @param slot the worker's slot
   * @param gen the worker's generation
   * @return the sender, to {@link #stop()} at exit
   */
  static HeartbeatSender start(Vertx vertx, int slot, int gen) {
    watchGc();
    HeartbeatSender heartbeat = new HeartbeatSender(vertx, slot, gen);
    heartbeat.timer.scheduleAtFixedRate(heartbeat::beat, 0, Heartbeat.INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  /** Stops beating. */
  void stop() {
    timer.shutdownNow();
  }

  private void beat() {
    try {
      long now = System.nanoTime();
      long blocked = 0;
      for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
        Long since = pendingSince.get(loop);
        if (since == null) {
          pendingSince.put(loop, now);
          loop.execute(() -> pendingSince.remove(loop));
        } else {
          blocked = Math.max(blocked, now - since);
        }
      }
      latestBlockedNanos = blocked;
      WorkerRuntime runtime = WorkerRuntime.current();
      WorkerMetrics.Responses responses = WorkerMetrics.responses();
      Heartbeat beat = new Heartbeat(slot, gen,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), heapAfterGc(),
          rss(), TimeUnit.NANOSECONDS.toMillis(blocked),
          runtime == null ? 0 : runtime.openConnections(),
          runtime == null ? 0 : runtime.requestsReceived(), cpuNanos(),
          responses == null ? -1 : responses.responses(),
          responses == null ? -1 : responses.serverErrors(),
          responses == null ? null : responses.latency());
      vertx.eventBus().send(Addresses.local(Addresses.LAUNCHER_HEARTBEAT), beat.toJson());
    } catch (RuntimeException e) {
      // a closing Vert.x: the next beat, if any, tries again
    }
  }

  /**
   * @return how long the most stuck event loop had not run a probe task at the latest beat, in
   *     nanoseconds (0 before the first, and while every loop keeps up)
   */
  static long latestBlockedNanos() {
    return latestBlockedNanos;
  }

  /** @return the heap in use right after the latest garbage collection, in bytes (0 before) */
  static long heapAfterGc() {
    return heapAfterGc;
  }

  private static volatile long heapAfterGc;
  private static volatile long latestBlockedNanos;
  private static volatile boolean watchingGc;

  /** Follows every collection's "memory after GC" over the heap pools. */
  private static synchronized void watchGc() {
    if (watchingGc) {
      return;
    }
    watchingGc = true;
    List<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(gc instanceof NotificationEmitter emitter)) {
        continue;
      }
      emitter.addNotificationListener((notification, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
            .equals(notification.getType())) {
          return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
            (CompositeData) notification.getUserData());
        long total = 0;
        for (Map.Entry<String, MemoryUsage> pool
            : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools.contains(pool.getKey())) {
            total += pool.getValue().getUsed();
          }
        }
        heapAfterGc = total;
      }, null, null);
    }
  }

  /** @return the CPU time this process has used, in nanoseconds, or -1 when unknown */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** @return the resident set size of this process in bytes, or -1 when unknown */
  static long rss() {
    try {
      String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
      return Long.parseLong(statm[1]) * 4096L;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

package io.clusterkit.verticles.impl;

import io.clusterkit.verticles.protocol.BootPhases;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.vertx.core.Completable;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The milestones of this worker's boot, in epoch milliseconds of the host's clock (the launcher
 * wrote its spawn time on the same clock): {@code main()}, the cluster manager's join, the
 * clustered Vert.x ready (a spare: its wait for a slot), a spare's assignment, and the READY
 * report, from which {@link #phases(long)} makes the {@link BootPhases} the report carries.
 */
public final class BootClock {

  private static volatile long mainAt = -1;

  private final long spawnedAt;
  private volatile long joinAt = -1;
  private volatile long joinedAt = -1;
  private volatile long assignedAt = -1;
  private volatile long archiveMs = -1;

  /**
   * Notes that {@code main()} began; called first thing in it, before classes of the boot load.
   */
  public static void markMain() {
    mainAt = System.currentTimeMillis();
  }

  BootClock(Map<String, String> env) {
    this.spawnedAt = WorkerEnv.spawnedAt(env);
  }

  /**
   * The same cluster manager, noting when Vert.x asks it to join: Vert.x is created and its
   * classes loaded by then.
   */
  HazelcastClusterManager timed(HazelcastClusterManager manager) {
    return new HazelcastClusterManager(manager.getConfig()) {
      @Override
      public void join(Completable<Void> promise) {
        joinAt = System.currentTimeMillis();
        super.join(promise);
      }
    };
  }

  /** The clustered Vert.x is ready; for a spare, called again when it begins its wait. */
  void joined() {
    joinedAt = System.currentTimeMillis();
  }

  /** A spare was given its slot. */
  void assigned() {
    assignedAt = System.currentTimeMillis();
  }

  /** The class archive was recorded in millis before the READY report. */
  void archived(long millis) {
    archiveMs = millis;
  }

  /**
   * The phases of this boot, up to now, the READY report.
   *
   * @param readyAt when the report goes out, epoch milliseconds
   * @return the phases; ones whose milestone was missed (a boot path that skipped it) are 0
   */
  BootPhases phases(long readyAt) {
    long main = mainAt >= 0 ? mainAt : ManagementFactory.getRuntimeMXBean().getStartTime();
    long join = joinAt >= 0 ? joinAt : main;
    long joined = joinedAt >= 0 ? joinedAt : join;
    long jvmStart = spawnedAt >= 0 ? -1 : ManagementFactory.getRuntimeMXBean().getStartTime();
    return BootPhases.of(spawnedAt, jvmStart, main, join, joined, assignedAt, archiveMs,
        readyAt);
  }
}

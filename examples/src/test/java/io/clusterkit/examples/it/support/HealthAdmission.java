package io.clusterkit.examples.it.support;

import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the health-check ITs read of a cluster's workers: their rows, pids and admissions. */
public final class HealthAdmission {

  private HealthAdmission() {
  }

  /** @return every worker's row of the launcher's status, slot order */
  public static List<JsonObject> workers(TestCluster launcher) {
    return launcher.workers().stream().map(WorkerStatus::json).toList();
  }

  /** @return the pids of the launcher's workers now */
  public static Set<Long> pids(TestCluster launcher) {
    Set<Long> pids = new HashSet<>();
    workers(launcher).forEach(worker -> pids.add(worker.getLong("pid")));
    return pids;
  }

  /**
   * Waits for slot's worker of generation gen to be READY, which with {@code -health} means its
   * check passed.
   *
   * @return the health check's state of that worker once admitted
   */
  public static JsonObject admitted(TestCluster launcher, int slot, int gen, Duration timeout) {
    return launcher.awaitWorker(slot, w -> w.gen() == gen && w.ready(), timeout).health();
  }
}

package io.clusterkit.verticles.protocol;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Where one worker's boot went, in milliseconds, as the worker measured it and the launcher
 * completed it: the JVM's start (the launcher's spawn to {@code main()}), class loading and the
 * creation of Vert.x (to the cluster manager's join), the Hazelcast join (to the clustered
 * Vert.x ready; for a spare, to its wait for a slot), the verticle's deploy (to the READY
 * report; for a spare, from its assignment), the class archive's recording when this worker
 * wrote it, the READY report's trip to the launcher (the worker's first event-bus message to it),
 * and the launcher's health check when {@code -health} is set. A spare's wait for a
 * slot is reported beside them and left out of the total, which is the sum of the phases.
 * Phases not measured are -1. Sent inside the {@link ReadyReport}; a report without it (an
 * older worker) reads as none.
 *
 * @param jvmMs from the launcher's spawn to the worker's {@code main()}
 * @param vertxMs from {@code main()} to the cluster manager's join (class loading, Vert.x)
 * @param joinMs the Hazelcast join, to the clustered Vert.x ready (a spare: to its wait)
 * @param waitMs a spare's wait for a slot, -1 for a worker started for its slot
 * @param deployMs to the READY report, from the join or, for a spare, from its assignment
 * @param archiveMs the recording of the class archive within the deploy phase, -1 when none
 * @param reportMs from the READY report's sending to its arrival at the launcher, -1 when unknown
 * @param healthMs from the READY report to the first passed health check, -1 without one
 * @param totalMs the sum of the phases but the wait (the archive is within the deploy)
 */
public record BootPhases(long jvmMs, long vertxMs, long joinMs, long waitMs, long deployMs,
    long archiveMs, long reportMs, long healthMs, long totalMs) {

  /**
   * The phases from a worker's milestones, in epoch milliseconds of one host's clock.
   *
   * @param spawnedAt when the launcher spawned the process, or -1 when it did not say
   * @param jvmStartedAt when the JVM started (its RuntimeMXBean), used when spawnedAt is -1
   * @param mainAt when {@code main()} began
   * @param joinAt when the cluster manager began its join
   * @param joinedAt when the clustered Vert.x was ready, or, for a spare, when it began waiting
   * @param assignedAt when a spare was given its slot, -1 for a worker started for its slot
   * @param archiveMs how long recording the class archive took, -1 when none was recorded
   * @param readyAt when the READY report was sent
   * @return the phases, each at least 0, without the health check
   */
  public static BootPhases of(long spawnedAt, long jvmStartedAt, long mainAt, long joinAt,
      long joinedAt, long assignedAt, long archiveMs, long readyAt) {
    long jvm = Math.max(0, mainAt - (spawnedAt >= 0 ? spawnedAt : jvmStartedAt));
    long vertx = Math.max(0, joinAt - mainAt);
    long join = Math.max(0, joinedAt - joinAt);
    long wait = assignedAt < 0 ? -1 : Math.max(0, assignedAt - joinedAt);
    long deploy = Math.max(0, readyAt - (assignedAt < 0 ? joinedAt : assignedAt));
    return new BootPhases(jvm, vertx, join, wait, deploy, archiveMs, -1, -1,
        jvm + vertx + join + deploy);
  }

  /**
   * @param millis how long the first health check took to pass after the READY report
   * @return these phases with the health check's, added to the total
   */
  public BootPhases withHealth(long millis) {
    long health = Math.max(0, millis);
    return new BootPhases(jvmMs, vertxMs, joinMs, waitMs, deployMs, archiveMs, reportMs, health,
        totalMs - Math.max(0, healthMs) + health);
  }

  /**
   * @param millis how long the READY report took to reach the launcher
   * @return these phases with the report's trip, added to the total
   */
  public BootPhases withReport(long millis) {
    long report = Math.max(0, millis);
    return new BootPhases(jvmMs, vertxMs, joinMs, waitMs, deployMs, archiveMs, report, healthMs,
        totalMs - Math.max(0, reportMs) + report);
  }

  /** @return whether the boot was a spare's, given its slot after a wait */
  public boolean spare() {
    return waitMs >= 0;
  }

  /** @return the phases as JSON, the ones not measured left out */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("jvmMs", jvmMs).put("vertxMs", vertxMs)
        .put("joinMs", joinMs);
    if (waitMs >= 0) {
      json.put("spareWaitMs", waitMs);
    }
    json.put("deployMs", deployMs);
    if (archiveMs >= 0) {
      json.put("archiveMs", archiveMs);
    }
    if (reportMs >= 0) {
      json.put("reportMs", reportMs);
    }
    if (healthMs >= 0) {
      json.put("healthMs", healthMs);
    }
    return json.put("totalMs", totalMs);
  }

  /**
   * Reads what {@link #toJson()} wrote.
   *
   * @param json the phases, or null
   * @return the phases, or null when json is null or lacks a phase or the total
   */
  public static BootPhases fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    long jvm = millis(json, "jvmMs");
    long vertx = millis(json, "vertxMs");
    long join = millis(json, "joinMs");
    long deploy = millis(json, "deployMs");
    long total = millis(json, "totalMs");
    if (jvm < 0 || vertx < 0 || join < 0 || deploy < 0 || total < 0) {
      return null;
    }
    return new BootPhases(jvm, vertx, join, millis(json, "spareWaitMs"), deploy,
        millis(json, "archiveMs"), millis(json, "reportMs"), millis(json, "healthMs"), total);
  }

  /**
   * One line for the logs and {@code status -v}.
   *
   * @return e.g. {@code "3120 ms = jvm 310 + vertx 520 + join 1800 + deploy 490"}, with
   *     {@code "+ report N"}, {@code "+ health N"} and {@code "(archive N)"} when measured, and
   *     {@code "after N ms as a spare"} for a spare's boot
   */
  public String describe() {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "%d ms = jvm %d + vertx %d + join %d + deploy %d", totalMs, jvmMs, vertxMs, joinMs,
        deployMs));
    if (archiveMs >= 0) {
      line.append(" (archive ").append(archiveMs).append(')');
    }
    if (reportMs >= 0) {
      line.append(" + report ").append(reportMs);
    }
    if (healthMs >= 0) {
      line.append(" + health ").append(healthMs);
    }
    if (waitMs >= 0) {
      line.append(", deployed after ").append(waitMs).append(" ms as a spare");
    }
    return line.toString();
  }

  private static long millis(JsonObject json, String key) {
    return json.getValue(key) instanceof Number n && n.longValue() >= 0 ? n.longValue() : -1;
  }
}

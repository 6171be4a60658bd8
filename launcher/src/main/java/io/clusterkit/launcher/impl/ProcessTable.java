package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.process.WorkerProcess;
import io.clusterkit.launcher.supervisor.Sig;
import io.clusterkit.sticky.WorkerKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker processes still running, by slot and generation, and the last boot failure any of
 * them reported. Used to deliver signals and to make sure nothing is left behind.
 */
final class ProcessTable {

  private final Map<Long, WorkerProcess> processes = new ConcurrentHashMap<>();
  /** Spares without a slot, by spare number; a spare given a slot moves to the processes. */
  private final Map<Integer, WorkerProcess> spares = new ConcurrentHashMap<>();
  private volatile String lastBootFailure;

  void put(WorkerProcess process) {
    processes.put(WorkerKey.of(process.slot(), process.gen()), process);
  }

  WorkerProcess get(int slot, int gen) {
    return processes.get(WorkerKey.of(slot, gen));
  }

  void remove(WorkerProcess process) {
    if (process.bootFailure() != null) {
      lastBootFailure = "slot " + process.slot() + " pid " + process.pid() + ": "
          + process.bootFailure();
    }
    // a spare's process is kept under the slot it was given, not the one it was started with
    processes.values().remove(process);
    spares.values().remove(process);
  }

  void putSpare(int spare, WorkerProcess process) {
    spares.put(spare, process);
  }

  /** @return the process of a spare that has no slot, or null */
  WorkerProcess spare(int spare) {
    return spares.get(spare);
  }

  /**
   * Files a spare's process under the slot it was given.
   *
   * @return the process, or null when it has exited already
   */
  WorkerProcess assign(int spare, int slot, int gen) {
    WorkerProcess process = spares.remove(spare);
    if (process != null) {
      processes.put(WorkerKey.of(slot, gen), process);
    }
    return process;
  }

  private List<WorkerProcess> all() {
    List<WorkerProcess> all = new ArrayList<>(processes.values());
    all.addAll(spares.values());
    return all;
  }

  /** @return the last reason a worker gave for failing to boot, or null */
  String lastBootFailure() {
    for (WorkerProcess process : processes.values()) {
      if (process.bootFailure() != null) {
        return "slot " + process.slot() + " pid " + process.pid() + ": " + process.bootFailure();
      }
    }
    return lastBootFailure;
  }

  /** @return a future completed when every process has exited after a KILL */
  Future<Void> killAll() {
    List<Future<?>> exits = new ArrayList<>();
    for (WorkerProcess process : all()) {
      process.signal(Sig.KILL);
      exits.add(process.onExit());
    }
    return Future.join(exits).mapEmpty();
  }

  /**
   * Waits for every process to exit, killing those still running after timeout.
   *
   * @param vertx for the timer
   * @param timeout how long to wait before KILL
   * @return a future completed when every process has exited
   */
  Future<Void> awaitAllExited(Vertx vertx, Duration timeout) {
    List<WorkerProcess> left = all();
    if (left.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<?>> exits = new ArrayList<>();
    for (WorkerProcess process : left) {
      exits.add(process.onExit());
    }
    Future<Void> all = Future.join(exits).mapEmpty();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> killAll());
    return all.onComplete(ar -> vertx.cancelTimer(timer));
  }
}

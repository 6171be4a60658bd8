package io.clusterkit.launcher.junit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process a launcher ever had under it: its descendants, looked at every 100 ms while it
 * lives, and the worker pids its {@code /status} answers named. A worker of a launcher killed
 * with -9 exits on its own, but only a pid recorded before can be waited for.
 */
final class ProcessTree {

  private final Process launcher;
  /**
   * By pid, the handle taken while the process lived: a handle knows its process's start time, so
   * killing through it never reaches a later process that was given the same pid.
   */
  private final Map<Long, ProcessHandle> processes = new ConcurrentHashMap<>();
  private final Thread watcher;

  ProcessTree(Process launcher) {
    this.launcher = launcher;
    watcher = new Thread(this::watch, "clusterkit-tree-" + launcher.pid());
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch() {
    while (launcher.isAlive()) {
      launcher.descendants().forEach(this::add);
      try {
        // a sampling period, not a synchronisation: nothing waits on this thread
        launcher.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void record(Collection<Long> workerPids) {
    workerPids.stream().filter(pid -> pid > 0 && !processes.containsKey(pid))
        .forEach(pid -> ProcessHandle.of(pid).ifPresent(this::add));
  }

  private void add(ProcessHandle handle) {
    processes.putIfAbsent(handle.pid(), handle);
  }

  Set<Long> all() {
    return Set.copyOf(processes.keySet());
  }

  List<Long> alive() {
    List<Long> alive = new ArrayList<>();
    for (ProcessHandle handle : processes.values()) {
      if (handle.isAlive()) {
        alive.add(handle.pid());
      }
    }
    return alive;
  }

  /** Kills the launcher and every process it had, then waits for each to be gone. */
  void killAndWait() {
    launcher.descendants().forEach(this::add);
    launcher.destroyForcibly();
    processes.values().forEach(ProcessHandle::destroyForcibly);
    try {
      if (!launcher.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("launcher " + launcher.pid() + " still runs 10 s after kill -9");
      }
      for (ProcessHandle handle : processes.values()) {
        handle.onExit().get(10, TimeUnit.SECONDS);
      }
      watcher.join(5_000);
    } catch (Exception e) {
      throw new AssertionError("could not reap the processes of launcher " + launcher.pid()
          + ": " + processes.keySet(), e);
    }
  }
}

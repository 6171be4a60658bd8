package io.clusterkit.launcher.junit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
  private final Set<Long> pids = ConcurrentHashMap.newKeySet();
  private final Thread watcher;

  ProcessTree(Process launcher) {
    this.launcher = launcher;
    watcher = new Thread(this::watch, "clusterkit-tree-" + launcher.pid());
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch() {
    while (launcher.isAlive()) {
      launcher.descendants().forEach(handle -> pids.add(handle.pid()));
      try {
        // a sampling period, not a synchronisation: nothing waits on this thread
        launcher.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void record(Collection<Long> workerPids) {
    workerPids.stream().filter(pid -> pid > 0).forEach(pids::add);
  }

  Set<Long> all() {
    return Set.copyOf(pids);
  }

  List<Long> alive() {
    List<Long> alive = new ArrayList<>();
    for (long pid : pids) {
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        alive.add(pid);
      }
    }
    return alive;
  }

  /** Kills the launcher and every process it had, then waits for each to be gone. */
  void killAndWait() {
    launcher.descendants().forEach(handle -> pids.add(handle.pid()));
    launcher.destroyForcibly();
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    try {
      if (!launcher.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("launcher " + launcher.pid() + " still runs 10 s after kill -9");
      }
      for (long pid : pids) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
          handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
      }
      watcher.join(5_000);
    } catch (Exception e) {
      throw new AssertionError("could not reap the processes of launcher " + launcher.pid()
          + ": " + pids, e);
    }
  }
}

package io.clusterkit.examples.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Open descriptors and threads of a process, from /proc: what a leak would raise. */
public final class ProcessGauge {

  private ProcessGauge() {
  }

  /** The counts of one process at one time. */
  public record Usage(long pid, int fds, int threads) {

    /** @return whether neither count is more than slack above baseline's */
    public boolean within(Usage baseline, int slack) {
      return fds <= baseline.fds + slack && threads <= baseline.threads + slack;
    }
  }

  /**
   * Reads a process's counts.
   *
   * @param pid the process
   * @return its open descriptors and threads, -1 each when it is gone
   */
  public static Usage of(long pid) {
    return new Usage(pid, count(Path.of("/proc", Long.toString(pid), "fd")),
        count(Path.of("/proc", Long.toString(pid), "task")));
  }

  private static int count(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return (int) entries.count();
    } catch (IOException e) {
      return -1;
    }
  }
}

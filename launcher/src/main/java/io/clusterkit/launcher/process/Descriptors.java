package io.clusterkit.launcher.process;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * How close a process is to its descriptor limit, from /proc: its open descriptors and its soft
 * and hard RLIMIT_NOFILE. The JVM raises its soft limit to the hard one as it starts
 * ({@code -XX:+MaxFDLimit}, on by default on Linux), so the launcher and its workers run at the
 * hard limit unless a worker flag turned that off.
 *
 * @param open descriptors open now
 * @param soft the soft limit: what the process may open
 * @param hard the hard limit: what an unprivileged process may raise its soft limit to
 */
public record Descriptors(int open, long soft, long hard) {

  /**
   * Reads a process's figures.
   *
   * @param pid the process, of this user
   * @return its figures, or null when /proc does not tell (the process is gone, no /proc)
   */
  public static Descriptors of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      int open = (int) fds.count();
      long[] limits = limits(Files.readAllLines(proc.resolve("limits")));
      return limits == null ? null : new Descriptors(open, limits[0], limits[1]);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Reads the open-files line of a /proc/PID/limits text.
   *
   * @param lines the file's lines
   * @return {soft, hard}, {@code Long.MAX_VALUE} for unlimited; null when the line is missing
   */
  static long[] limits(List<String> lines) {
    for (String line : lines) {
      if (line.startsWith("Max open files")) {
        String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
        return new long[] {value(fields[0]), value(fields[1])};
      }
    }
    return null;
  }

  private static long value(String field) {
    return "unlimited".equals(field) ? Long.MAX_VALUE : Long.parseLong(field);
  }

  /** @return the share of the soft limit in use, 0..1 */
  public double used() {
    return soft <= 0 ? 1 : Math.min(1, open / (double) soft);
  }

  /** @return these figures as the admin API's status shows them */
  public JsonObject toJson() {
    return new JsonObject().put("open", open).put("limit", soft).put("hardLimit", hard)
        .put("used", Math.round(used() * 1000) / 1000.0);
  }

  /**
   * Reads the resident set size of a process (its {@code /proc/PID/statm}), for a process that
   * reports none itself, such as a spare.
   *
   * @param pid the process
   * @return the bytes resident, or null when the process is gone or has no /proc entry
   */
  public static Long rssBytes(long pid) {
    try {
      String[] statm = Files.readString(Path.of("/proc", Long.toString(pid), "statm")).trim()
          .split("\\s+");
      return Long.parseLong(statm[1]) * 4096L;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

package io.clusterkit.launcher.logs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What {@code logs} prints: the last lines of each chosen file (from its newest rolled files too
 * when the active one has fewer), then, when following, every new
 * line until the process is stopped, across rolls of the files, and, when every file is shown,
 * the files of slots that appear later (a scale-up) from their first line. With several files
 * each line is prefixed with its file's label, as {@code pm2 logs} does. It wakes on the
 * directory's change events and at least once a second.
 */
public final class LogTail {

  private final Path dir;
  private final Integer slot;
  private final PrintWriter out;
  private final boolean labelled;
  private final Map<Path, LogFollower> followers = new LinkedHashMap<>();

  /**
   * A tail of a log directory.
   *
   * @param dir the launcher's {@code -log-dir}
   * @param slot the slot to show, or null for the launcher's file and every slot's
   * @param out where lines go
   */
  public LogTail(Path dir, Integer slot, PrintWriter out) {
    this.dir = dir;
    this.slot = slot;
    this.out = out;
    this.labelled = slot == null;
  }

  /**
   * Prints the last lines of each file, then, when following, every new line until the thread
   * is interrupted or the process stops. Each file is opened for following before its last
   * lines are read, so no line falls between the two.
   *
   * @param lines how many lines of each file to print first
   * @param follow whether to follow
   * @return the files shown
   * @throws IOException when a file cannot be read
   */
  public List<LogSources.Source> show(int lines, boolean follow) throws IOException {
    List<LogSources.Source> sources = LogSources.in(dir, slot);
    try {
      for (LogSources.Source source : sources) {
        LogFollower follower = new LogFollower(source.file(), printer(source), true);
        followers.put(source.file(), follower);
        last(source, lines, follower.position()).forEach(printer(source));
      }
      out.flush();
      if (follow) {
        follow();
      }
    } finally {
      for (LogFollower follower : followers.values()) {
        follower.close();
      }
      followers.clear();
    }
    return sources;
  }

  private void follow() throws IOException {
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY);
      while (!Thread.currentThread().isInterrupted()) {
        round();
        var key = watcher.poll(1, TimeUnit.SECONDS);
        while (key != null) {
          key.pollEvents();
          key.reset();
          key = watcher.poll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The last lines of a source before limit, taken from its rolled files, newest first, when
   * its active file has fewer (it was rolled a moment ago).
   */
  private List<String> last(LogSources.Source source, int count, long limit) throws IOException {
    List<String> lines = new ArrayList<>(limit > 0
        ? LastLines.of(source.file(), count, limit) : List.of());
    List<Path> rolled = RollingFiles.rolled(dir, source.label());
    for (int i = rolled.size() - 1; i >= 0 && lines.size() < count; i--) {
      try {
        lines.addAll(0, LastLines.of(rolled.get(i), count - lines.size()));
      } catch (FileNotFoundException e) {
        // deleted by the retention limit since it was listed
      }
    }
    return lines;
  }

  private void round() throws IOException {
    for (LogSources.Source source : LogSources.in(dir, slot)) {
      if (!followers.containsKey(source.file())) {
        followers.put(source.file(), new LogFollower(source.file(), printer(source), false));
      }
    }
    for (LogFollower follower : followers.values()) {
      follower.poll();
    }
    out.flush();
  }

  private Consumer<String> printer(LogSources.Source source) {
    return labelled ? line -> out.println(source.label() + " | " + line) : out::println;
  }
}

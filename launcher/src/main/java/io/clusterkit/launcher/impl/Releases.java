package io.clusterkit.launcher.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The application classpath of every release: 0 is the launch's own, each reload onto new code
 * adds one, and the current one is what the last completed reload rolled onto. New code is a new
 * classpath, or the same classpath whose files changed on disk since the current release was
 * made (a jar replaced in place, classes recompiled into a directory): spares booted from the old
 * files hold their classes, so a reload must not roll onto them. Used on the supervisor's context
 * only (the spawns read it there too).
 */
final class Releases {

  private final List<List<Path>> classpaths = new ArrayList<>();
  private final List<String> stamps = new ArrayList<>();
  private int current;

  /** @param launchClasspath the application classpath the cluster was launched with */
  Releases(List<Path> launchClasspath) {
    classpaths.add(List.copyOf(launchClasspath));
    stamps.add(stamp(launchClasspath));
  }

  /** @return the application classpath of a release */
  List<Path> classpath(int release) {
    return classpaths.get(release);
  }

  /** @return the release the slots run now */
  int current() {
    return current;
  }

  /**
   * Gives the release a reload rolls onto.
   *
   * @param classpath the new classpath, or null to run the current classpath again
   * @return the current release when the classpath is the current one and none of its files
   *     changed since that release was made, else a new one
   */
  int forReload(List<Path> classpath) {
    List<Path> target = classpath == null ? classpaths.get(current) : classpath;
    String stamp = stamp(target);
    if (target.equals(classpaths.get(current)) && stamp.equals(stamps.get(current))) {
      return current;
    }
    classpaths.add(List.copyOf(target));
    stamps.add(stamp);
    return classpaths.size() - 1;
  }

  /** A reload onto release completed: it is the current one from now on. */
  void rolledOnto(int release) {
    current = release;
  }

  /**
   * What the files of a classpath are now: each jar's size and modification time, each
   * directory's newest file and file count; an entry that cannot be read counts as missing.
   *
   * @param classpath a classpath
   * @return a text that changes when any of its files does
   */
  static String stamp(List<Path> classpath) {
    StringBuilder stamp = new StringBuilder();
    for (Path entry : classpath) {
      stamp.append(entry.toAbsolutePath()).append('\t');
      try {
        if (Files.isDirectory(entry)) {
          long[] newest = {0, 0};
          try (Stream<Path> files = Files.walk(entry)) {
            files.filter(Files::isRegularFile).forEach(file -> {
              newest[0] = Math.max(newest[0], modified(file));
              newest[1]++;
            });
          }
          stamp.append("dir ").append(newest[0]).append(' ').append(newest[1]);
        } else if (Files.isRegularFile(entry)) {
          stamp.append(Files.size(entry)).append(' ').append(modified(entry));
        } else {
          stamp.append("missing");
        }
      } catch (IOException | UncheckedIOException e) {
        stamp.append("unreadable");
      }
      stamp.append('\n');
    }
    return stamp.toString();
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

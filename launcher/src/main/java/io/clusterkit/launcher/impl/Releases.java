package io.clusterkit.launcher.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The application classpath of every release: 0 is the launch's own, each reload onto new code
 * adds one, and the current one is what the last completed reload rolled onto. Used on the
 * supervisor's context only (the spawns read it there too).
 */
final class Releases {

  private final List<List<Path>> classpaths = new ArrayList<>();
  private int current;

  /** @param launchClasspath the application classpath the cluster was launched with */
  Releases(List<Path> launchClasspath) {
    classpaths.add(List.copyOf(launchClasspath));
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
   * @param classpath the new classpath, or null to run the current code again
   * @return the current release when classpath is null or the same, else a new one
   */
  int forReload(List<Path> classpath) {
    if (classpath == null || classpath.equals(classpaths.get(current))) {
      return current;
    }
    classpaths.add(List.copyOf(classpath));
    return classpaths.size() - 1;
  }

  /** A reload onto release completed: it is the current one from now on. */
  void rolledOnto(int release) {
    current = release;
  }
}

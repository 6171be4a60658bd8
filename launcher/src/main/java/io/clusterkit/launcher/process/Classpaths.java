package io.clusterkit.launcher.process;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Classpath strings ({@code a.jar:b.jar}, entries split on the platform's path separator) read
 * and written in one place: the command line's {@code -cp}, {@code reload -cp}, the admin API's
 * {@code classpath}, the launcher's own {@code java.class.path} and the workers' command lines.
 * Blank entries are skipped.
 */
public final class Classpaths {

  private Classpaths() {
  }

  /**
   * Splits a classpath string into its entries.
   *
   * @param classpath the string, or null
   * @return its entries, blank ones left out; empty for null
   */
  public static List<String> split(String classpath) {
    List<String> entries = new ArrayList<>();
    if (classpath == null) {
      return entries;
    }
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * Splits a classpath string and makes each entry absolute, without checking that it exists.
   *
   * @param classpath the string, or null
   * @return the absolute entries
   */
  public static List<String> absolute(String classpath) {
    List<String> entries = new ArrayList<>();
    for (String entry : split(classpath)) {
      entries.add(Path.of(entry).toAbsolutePath().toString());
    }
    return entries;
  }

  /**
   * Splits a classpath string into absolute paths that must exist.
   *
   * @param classpath the string, or null
   * @param name what to call an entry in the error, e.g. {@code "-cp"} gives
   *     {@code "-cp entry x.jar does not exist"}
   * @return the absolute paths; empty for null or a string of blanks
   * @throws IllegalArgumentException naming the first entry that does not exist
   */
  public static List<Path> existing(String classpath, String name) {
    List<Path> entries = new ArrayList<>();
    for (String entry : split(classpath)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (!path.toFile().exists()) {
        throw new IllegalArgumentException(name + " entry " + entry + " does not exist");
      }
      entries.add(path);
    }
    return entries;
  }

  /**
   * Writes entries as one classpath string.
   *
   * @param entries paths or strings
   * @return the entries joined with the platform's path separator
   */
  public static String join(List<?> entries) {
    List<String> strings = new ArrayList<>();
    for (Object entry : entries) {
      strings.add(entry.toString());
    }
    return String.join(File.pathSeparator, strings);
  }
}

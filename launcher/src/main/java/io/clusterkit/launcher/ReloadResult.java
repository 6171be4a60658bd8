package io.clusterkit.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a rolling reload that completed did.
 *
 * @param rolled the slots whose workers were replaced, in the order they were rolled
 * @param release the code the slots run now: 0 is the launch's own, each reload onto new code
 *     adds one
 * @param classpath the application classpath of that release
 * @param detail one line for people, e.g. {@code "reload done: 2 slots rolled"}
 */
public record ReloadResult(List<Integer> rolled, int release, List<Path> classpath,
    String detail) {

  /**
   * Copies the lists and checks the detail.
   *
   * @param rolled not null
   * @param release 0 or more
   * @param classpath not null
   * @param detail not null
   */
  public ReloadResult {
    rolled = List.copyOf(rolled);
    classpath = List.copyOf(classpath);
    Objects.requireNonNull(detail, "detail");
  }
}

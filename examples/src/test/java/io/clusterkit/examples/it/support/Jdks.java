package io.clusterkit.examples.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusterkit.launcher.process.WorkerJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a JDK other than the one the tests run on, for {@code -java}: the system property
 * {@value #PROPERTY} when set, else the newest JDK under {@code /usr/lib/jvm} (where Debian and
 * the Temurin packages install them).
 */
public final class Jdks {

  /** The system property naming the JDK home the tests give to {@code -java}. */
  public static final String PROPERTY = "clusterkit.test.newer.jdk";

  private Jdks() {
  }

  /**
   * The newest JDK at least as new as feature, or the calling test is skipped, saying why.
   *
   * @param feature the oldest feature release that will do, such as 21 for virtual threads
   * @return the JDK, probed
   */
  public static WorkerJvm atLeast(int feature) {
    Optional<WorkerJvm> found = find(feature);
    assumeTrue(found.isPresent(), () -> "no JDK " + feature + "+ here: set -D" + PROPERTY
        + "=JDK_HOME or install one under /usr/lib/jvm");
    return found.orElseThrow();
  }

  private static Optional<WorkerJvm> find(int feature) {
    String configured = System.getProperty(PROPERTY);
    List<Path> candidates;
    if (configured != null && !configured.isBlank()) {
      candidates = List.of(Path.of(configured));
    } else {
      try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
        candidates = homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
            .toList();
      } catch (IOException e) {
        candidates = List.of();
      }
    }
    return candidates.stream().map(Jdks::probe).flatMap(Optional::stream)
        .filter(jvm -> jvm.feature() >= feature)
        .max(Comparator.comparingInt(WorkerJvm::feature));
  }

  private static Optional<WorkerJvm> probe(Path home) {
    try {
      return Optional.of(WorkerJvm.probe(home));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

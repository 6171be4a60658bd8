package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.Jdks;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.process.WorkerJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers on Java 25+ use the JDK's AOT cache in place of a dynamic AppCDS archive: the first
 * launch's worker trains it and its JVM writes it when the worker stops; the next launch's worker
 * starts with it, and the JVM accepts it (run again with {@code -XX:AOTMode=on}, which refuses a
 * cache it cannot use). Skipped, saying why, where no JDK 25+ is installed.
 */
@Timeout(400)
class AotCacheIT {

  private static final Duration BOOT = Duration.ofSeconds(120);

  @TempDir
  Path temp;

  private static List<String> arguments(long pid) {
    return List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
  }

  /** One worker on jdk, no spare, a grace long enough for the JVM to write its cache at exit. */
  private static TestCluster start(WorkerJvm jdk, Path dir) {
    return Clusters.hello(1).option("-spares", "0").option("-grace", "90")
        .option("-java", jdk.home().toString()).env(Clusters.CDS_DIR_ENV, dir.toString())
        .start();
  }

  private static List<Path> caches(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
    }
  }

  @Test
  void theFirstLaunchTrainsTheCacheAndTheNextOneBootsFromIt() throws Exception {
    WorkerJvm jdk = Jdks.atLeast(25);
    Path dir = temp.resolve("cds");

    try (TestCluster first = start(jdk, dir)) {
      first.awaitReady(BOOT);
      JsonObject archives = first.status().getJsonObject("classArchives");
      assertThat(archives.getString("kind")).as("%s", archives).isEqualTo("aot-cache");
      assertThat(archives.getJsonArray("recording")).as("%s", archives).hasSize(1);
      assertThat(arguments(first.worker(0).pid()))
          .anyMatch(flag -> flag.startsWith("-XX:AOTCacheOutput="));
      first.stop();
      assertThat(first.awaitExit(Duration.ofSeconds(150))).as("the stop's exit code").isZero();
    }
    List<Path> written = caches(dir);
    assertThat(written).as("the cache the training worker's JVM wrote at its exit").hasSize(1);
    Path cache = written.get(0);

    try (TestCluster second = start(jdk, dir)) {
      second.awaitReady(BOOT);
      List<String> flags = arguments(second.worker(0).pid());
      assertThat(flags).contains("-XX:AOTCache=" + cache)
          .noneMatch(flag -> flag.startsWith("-XX:AOTCacheOutput="));
      assertThat(second.status().getJsonObject("classArchives").getJsonArray("recording"))
          .isEmpty();
      assertThat(second.workers()).allMatch(w -> w.ready());

      // the worker's own JVM flags with AOTMode=on, which fails when the cache cannot be used
      List<String> command = new ArrayList<>();
      command.add(jdk.executable().toString());
      command.addAll(flags.subList(0, flags.size() - 1)); // all but the main class
      command.add("-XX:AOTMode=on");
      command.add("-version");
      Process java = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(temp.resolve("aot-on.txt").toFile()).start();
      assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(java.exitValue()).as("java -XX:AOTMode=on with the worker's flags: %s",
          Files.readString(temp.resolve("aot-on.txt"))).isZero();
    }
  }
}

package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data sharing archives: on a fresh archive directory, exactly one worker records the
 * archive of its classpath before it reports READY; the JVM accepts that archive for exactly that
 * classpath; a replacement worker boots from it; {@code -no-cds} starts workers without one.
 */
@Timeout(180)
class ClassArchiveIT {

  private static final Duration BOOT = Duration.ofSeconds(90);

  @TempDir
  Path temp;

  private static String archiveFlag(Path archive) {
    return "-XX:SharedArchiveFile=" + archive;
  }

  private static List<String> arguments(long pid) {
    return List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
  }

  private static long spawned(TestCluster launcher, int slot, int gen) {
    return launcher.awaitWorker(slot, w -> w.gen() == gen && w.pid() > 0, BOOT).pid();
  }

  private static TestCluster hello(Path cdsDir, int workers, String... flags) {
    ClusterKit kit = Clusters.hello(workers).option("-grace", "2")
        .env(Clusters.CDS_DIR_ENV, cdsDir.toString());
    for (String flag : flags) {
      kit.flag(flag);
    }
    return kit.start();
  }

  /** Runs {@code java -Xshare:on} with the archive on classpath: it refuses a mismatch. */
  private static int javaWithArchiveOn(Path archive, String classpath)
      throws IOException, InterruptedException {
    Process java = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:on",
        archiveFlag(archive), "-cp", classpath, "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return java.exitValue();
  }

  @Test
  void oneWorkerRecordsTheArchiveAndLaterWorkersBootFromIt() throws Exception {
    Path dir = temp.resolve("cds");
    try (TestCluster launcher = hello(dir, 2)) {
      launcher.awaitReady();
      // which worker recorded the archive, and that it is whole, the status says
      JsonObject archives = Await.until(BOOT, () -> launcher.status()
          .getJsonObject("classArchives"), a -> !a.getJsonArray("written").isEmpty(),
          "a written class archive in /status");
      assertThat(archives.getJsonArray("written")).as("one recorder: %s", archives).hasSize(1);
      assertThat(archives.getJsonArray("recording")).as("%s", archives).isEmpty();
      assertThat(archives.getString("dir")).isEqualTo(dir.toString());
      JsonObject recorder = archives.getJsonArray("written").getJsonObject(0);
      Path archive = Path.of(recorder.getString("file"));
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).containsExactly(archive);
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      String workerClasspath = Clusters.LAUNCHER_JAR + File.pathSeparator
          + Clusters.EXAMPLES_JAR;
      assertThat(javaWithArchiveOn(archive, workerClasspath)).as("the archive maps").isZero();
      assertThat(javaWithArchiveOn(archive, Clusters.LAUNCHER_JAR.toString()))
          .as("another classpath is refused").isNotZero();

      int recorderSlot = recorder.getInteger("slot");
      int other = 1 - recorderSlot;
      assertThat(arguments(spawned(launcher, other, 1))).as("the other first worker")
          .doesNotContain(archiveFlag(archive));
      long victim = spawned(launcher, other, 1);
      ProcessHandle.of(victim).orElseThrow().destroyForcibly();
      long replacement = spawned(launcher, other, 2);
      assertThat(arguments(replacement)).as("the replacement's JVM flags")
          .contains(archiveFlag(archive)).doesNotContain("-XX:+RecordDynamicDumpInfo");
      launcher.awaitWorker(other, w -> w.gen() == 2 && w.pid() == replacement && w.ready(), BOOT);
      assertThat(launcher.status().getJsonObject("classArchives").getJsonArray("written"))
          .as("still the one archive").hasSize(1);
    }
  }

  @Test
  void noCdsStartsWorkersWithoutArchives() throws Exception {
    Path dir = temp.resolve("cds");
    try (TestCluster launcher = hello(dir, 1, "-no-cds")) {
      launcher.awaitReady();
      List<String> flags = arguments(spawned(launcher, 0, 1));
      assertThat(flags).noneMatch(flag -> flag.contains("SharedArchiveFile")
          || flag.contains("RecordDynamicDumpInfo"));
      assertThat(dir).doesNotExist();
      assertThat(launcher.status().getJsonObject("classArchives").getBoolean("enabled"))
          .isFalse();
    }
  }
}

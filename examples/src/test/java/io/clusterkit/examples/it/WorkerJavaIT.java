package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.cpu.HashingVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.Jdks;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.process.WorkerJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -java}: the workers run on the JDK it names (here the newest one installed, Java 25 on
 * these machines) while the launcher stays on its own; {@code status} says which; the class
 * archive another JDK recorded for the same classpath is never given to them; the hashing
 * example runs on their virtual threads.
 */
@Timeout(240)
class WorkerJavaIT {

  private static final Duration BOOT = Duration.ofSeconds(90);

  @TempDir
  Path temp;

  private static List<String> arguments(long pid) {
    return List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
  }

  private static String command(long pid) {
    return ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();
  }

  /** The hashing example from examples.jar: a jar-only classpath, which archives need. */
  private static ClusterKit hashing(Path cdsDir, String mode) {
    return ClusterKit.cluster().workers(1).option("-grace", "2")
        .classpath(Clusters.EXAMPLES_JAR).verticle(HashingVerticle.class)
        .option("-conf", "{\"mode\":\"" + mode + "\"}")
        .env(Clusters.CDS_DIR_ENV, cdsDir.toString());
  }

  @Test
  void workersRunOnTheGivenJdkAndNeverGetAnotherJdksClassArchive() throws Exception {
    WorkerJvm newer = Jdks.atLeast(21);
    WorkerJvm own = WorkerJvm.current();
    Path cds = temp.resolve("cds");

    // the launcher's own JDK records the archive of this classpath
    Path ownArchive;
    try (TestCluster launcher = hashing(cds, HashingVerticle.EVENT_LOOP).start()) {
      launcher.awaitReady(BOOT);
      JsonObject archives = Await.until(BOOT,
          () -> launcher.status().getJsonObject("classArchives"),
          a -> !a.getJsonArray("written").isEmpty(), "a written class archive in /status");
      ownArchive = Path.of(archives.getJsonArray("written").getJsonObject(0).getString("file"));
      assertThat(launcher.status().getJsonObject("java").getBoolean("own")).isTrue();
    }

    // the same classpath on the newer JDK, hashing on virtual threads (Java 21+)
    try (TestCluster launcher = hashing(cds, HashingVerticle.VIRTUAL)
        .option("-java", newer.home().toString()).start()) {
      launcher.awaitReady(BOOT);
      JsonObject answer = RawHttp.get(launcher.port(), "/").json();
      assertThat(answer.getInteger("feature")).as("the worker's Runtime.version(): %s", answer)
          .isEqualTo(newer.feature());
      assertThat(answer.getString("java")).startsWith(newer.version());
      RawHttp.Response hashed = RawHttp.get(launcher.port(), "/hash?cost=5", 30_000);
      assertThat(hashed.status()).as("%s", hashed).isEqualTo(200);
      assertThat(hashed.json().getString("mode")).isEqualTo(HashingVerticle.VIRTUAL);
      long worker = answer.getLong("pid");
      assertThat(Path.of(command(worker))).as("the worker's java")
          .isEqualTo(newer.executable());
      assertThat(Path.of(command(launcher.pid())).toRealPath())
          .as("the launcher stays on its own java").isEqualTo(own.executable().toRealPath());
      assertThat(arguments(worker)).as("no archive of another JDK")
          .noneMatch(flag -> flag.contains(ownArchive.getFileName().toString()));

      JsonObject java = launcher.status().getJsonObject("java");
      assertThat(java.getString("version")).isEqualTo(newer.version());
      assertThat(java.getInteger("feature")).isEqualTo(newer.feature());
      assertThat(java.getBoolean("own")).isFalse();
      if (newer.feature() >= 24) {
        assertThat(arguments(worker)).contains("--enable-native-access=ALL-UNNAMED");
        assertThat(launcher.lines()).as("the JDK's native-access and Unsafe warnings")
            .noneMatch(line -> line.contains("WARNING: A restricted method")
                || line.contains("WARNING: A terminally deprecated method"));
      }
      JsonObject archives = launcher.status().getJsonObject("classArchives");
      if (newer.feature() >= 25) {
        // the JDK's AOT cache, trained by this JDK, in place of a dynamic archive
        assertThat(archives.getString("kind")).as("%s", archives).isEqualTo("aot-cache");
        assertThat(arguments(worker)).as("the AOT cache of this JDK").anyMatch(flag ->
            flag.startsWith("-XX:AOTCacheOutput=") || flag.startsWith("-XX:AOTCache="));
        assertThat(arguments(worker)).noneMatch(flag -> flag.contains("SharedArchiveFile")
            || flag.contains("RecordDynamicDumpInfo"));
      } else if (!newer.recordsClassArchives()) {
        assertThat(archives.getBoolean("enabled")).as("%s", archives).isFalse();
        assertThat(archives.getString("reason")).contains("Java " + newer.version());
        assertThat(arguments(worker)).noneMatch(flag -> flag.contains("SharedArchiveFile")
            || flag.contains("RecordDynamicDumpInfo"));
      }
    }
  }
}

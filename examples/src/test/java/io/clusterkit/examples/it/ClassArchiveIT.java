package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern WILL_RECORD =
      Pattern.compile("slot (\\d+) gen 1 - will record the class archive (worker-\\w+\\.jsa)");

  @TempDir
  Path temp;

  private static String archiveFlag(Path archive) {
    return "-XX:SharedArchiveFile=" + archive;
  }

  private static List<String> arguments(long pid) {
    return List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
  }

  private static long spawned(LauncherProcess launcher, int slot, int gen) {
    Matcher spawned = launcher.awaitLine(
        Pattern.compile("slot " + slot + " gen " + gen + " pid (\\d+) - spawned"), BOOT);
    return Long.parseLong(spawned.group(1));
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
    try (LauncherProcess launcher = LauncherProcess.start(
        Map.of(LauncherProcess.CDS_DIR_ENV, dir.toString()),
        "-workers", "2", "-host", "127.0.0.1", "-port", "0", "-grace", "2",
        "-cp", LauncherProcess.EXAMPLES_JAR.toAbsolutePath().toString(),
        "io.clusterkit.examples.hello.HelloVerticle")) {
      launcher.awaitReady();
      Matcher recorder = launcher.awaitLine(WILL_RECORD, BOOT);
      Path archive = dir.resolve(recorder.group(2));
      launcher.awaitLine(Pattern.compile("wrote the class archive " + Pattern.quote(
          archive.toString())), BOOT);

      assertThat(launcher.output()).as("one recorder")
          .containsOnlyOnce("will record the class archive");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).containsExactly(archive);
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      String workerClasspath = LauncherProcess.LAUNCHER_JAR.toAbsolutePath() + File.pathSeparator
          + LauncherProcess.EXAMPLES_JAR.toAbsolutePath();
      assertThat(javaWithArchiveOn(archive, workerClasspath)).as("the archive maps").isZero();
      assertThat(javaWithArchiveOn(archive,
          LauncherProcess.LAUNCHER_JAR.toAbsolutePath().toString()))
          .as("another classpath is refused").isNotZero();

      int recorderSlot = Integer.parseInt(recorder.group(1));
      int other = 1 - recorderSlot;
      assertThat(arguments(spawned(launcher, other, 1))).as("the other first worker")
          .doesNotContain(archiveFlag(archive));
      long victim = spawned(launcher, other, 1);
      ProcessHandle.of(victim).orElseThrow().destroyForcibly();
      long replacement = spawned(launcher, other, 2);
      assertThat(arguments(replacement)).as("the replacement's JVM flags")
          .contains(archiveFlag(archive)).doesNotContain("-XX:+RecordDynamicDumpInfo");
      launcher.awaitLine(Pattern.compile("slot " + other + " gen 2 pid " + replacement
          + ": STARTING -> READY"), BOOT);
      assertThat(launcher.output()).containsOnlyOnce("will record the class archive");
    }
  }

  @Test
  void noCdsStartsWorkersWithoutArchives() throws Exception {
    Path dir = temp.resolve("cds");
    try (LauncherProcess launcher = LauncherProcess.start(
        Map.of(LauncherProcess.CDS_DIR_ENV, dir.toString()),
        "-workers", "1", "-host", "127.0.0.1", "-port", "0", "-grace", "2", "-no-cds",
        "-cp", LauncherProcess.EXAMPLES_JAR.toAbsolutePath().toString(),
        "io.clusterkit.examples.hello.HelloVerticle")) {
      launcher.awaitReady();
      List<String> flags = arguments(spawned(launcher, 0, 1));
      assertThat(flags).noneMatch(flag -> flag.contains("SharedArchiveFile")
          || flag.contains("RecordDynamicDumpInfo"));
      assertThat(dir).doesNotExist();
    }
  }
}

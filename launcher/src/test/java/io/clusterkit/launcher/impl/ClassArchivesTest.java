package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.protocol.WorkerEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which worker records a classpath's archive, which ones use it, and when none do. */
class ClassArchivesTest {

  @TempDir
  Path temp;

  private Path dir;
  private List<String> classpath;
  private ClassArchives archives;

  @BeforeEach
  void setUp() throws IOException {
    dir = temp.resolve("cds");
    classpath = List.of(jar("launcher.jar", "launcher").toString(),
        jar("app.jar", "app v1").toString());
    archives = new ClassArchives(dir, "/opt/jdk", "17.0.15");
  }

  private Path jar(String name, String content) throws IOException {
    return Files.writeString(temp.resolve(name), content);
  }

  @Test
  void theFirstWorkerOfAClasspathRecordsAndNoOtherAtTheSameTime() throws IOException {
    ClassArchives.Plan first = archives.plan(0, 1, classpath, List.of());
    ClassArchives.Plan second = archives.plan(1, 1, classpath, List.of());

    Path archive = archives.archiveFor(classpath);
    assertThat(first.records()).isTrue();
    assertThat(first.jvmOptions()).contains("-XX:+RecordDynamicDumpInfo");
    assertThat(first.environment()).containsEntry(WorkerEnv.CLASS_ARCHIVE, archive.toString());
    assertThat(second).isEqualTo(ClassArchives.Plan.NONE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }

  @Test
  void onceRecordedEveryWorkerOfThatClasspathMapsTheArchive() throws IOException {
    archives.plan(0, 1, classpath, List.of());
    Path archive = archives.archiveFor(classpath);
    Files.writeString(archive, "archive");
    archives.ended(0, 1);

    ClassArchives.Plan next = archives.plan(1, 2, classpath, List.of());
    assertThat(next.records()).isFalse();
    assertThat(next.jvmOptions()).contains("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void aRecordingThatWroteNothingIsNotTriedAgain() {
    archives.plan(0, 1, classpath, List.of());
    archives.ended(0, 1);

    assertThat(archives.plan(0, 2, classpath, List.of())).isEqualTo(ClassArchives.Plan.NONE);
  }

  @Test
  void aRecorderThatExitsBeforeReadyLetsTheNextWorkerRecordOnlyIfItWroteNothing() {
    archives.plan(0, 1, classpath, List.of());
    assertThat(archives.plan(1, 1, classpath, List.of()).records()).isFalse();
    archives.ended(1, 1); // not the recorder: changes nothing
    assertThat(archives.plan(1, 2, classpath, List.of()).records()).isFalse();
  }

  @Test
  void aRebuiltJarOrAnotherJvmGetsAnotherArchive() throws IOException {
    Path before = archives.archiveFor(classpath);
    Path app = Path.of(classpath.get(1));
    Files.setLastModifiedTime(app, FileTime.fromMillis(
        Files.getLastModifiedTime(app).toMillis() + 1_000));
    Path rebuilt = archives.archiveFor(classpath);
    Path otherJvm = new ClassArchives(dir, "/opt/jdk", "17.0.16").archiveFor(classpath);

    assertThat(rebuilt).isNotEqualTo(before);
    assertThat(otherJvm).isNotEqualTo(before).isNotEqualTo(rebuilt);
    assertThat(archives.archiveFor(classpath)).isEqualTo(rebuilt);
  }

  @Test
  void aDirectoryOnTheClasspathMeansNoArchive() throws IOException {
    List<String> withClasses = new ArrayList<>(classpath);
    withClasses.add(Files.createDirectory(temp.resolve("classes")).toString());

    assertThat(archives.plan(0, 1, withClasses, List.of())).isEqualTo(ClassArchives.Plan.NONE);
  }

  @Test
  void workerOptionsThatChooseTheirOwnSharingWin() {
    for (String option : List.of("-Xshare:off", "-XX:SharedArchiveFile=/x.jsa",
        "-XX:ArchiveClassesAtExit=/x.jsa")) {
      assertThat(archives.plan(0, 1, classpath, List.of("-Xmx64m", option)))
          .as(option).isEqualTo(ClassArchives.Plan.NONE);
    }
  }

  @Test
  void offWhenDisabledOrWhenOthersCanWriteTheDirectory() throws IOException {
    assertThat(new ClassArchives(null, "/opt/jdk", "17").plan(0, 1, classpath, List.of()))
        .isEqualTo(ClassArchives.Plan.NONE);

    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(archives.plan(0, 1, classpath, List.of())).isEqualTo(ClassArchives.Plan.NONE);
  }

  @Test
  void offForAReasonPlansNothingAndSaysWhyInStatus() {
    ClassArchives off = ClassArchives.off("workers on Java 25.0.3 cannot record");
    assertThat(off.plan(0, 1, classpath, List.of())).isEqualTo(ClassArchives.Plan.NONE);
    assertThat(off.describe().getBoolean("enabled")).isFalse();
    assertThat(off.describe().getString("reason"))
        .isEqualTo("workers on Java 25.0.3 cannot record");
  }

  @Test
  void keepsTheMostRecentArchivesAndDropsStaleTempFiles() throws IOException {
    Files.createDirectories(dir);
    long now = System.currentTimeMillis();
    List<Path> old = new ArrayList<>();
    for (int i = 0; i < ClassArchives.KEEP + 3; i++) {
      Path file = Files.writeString(dir.resolve("worker-old" + i + ".jsa"), "x");
      Files.setLastModifiedTime(file, FileTime.fromMillis(now - (i + 1) * 60_000L));
      old.add(file);
    }
    Path staleTemp = Files.writeString(dir.resolve("worker-x.jsa.123.tmp"), "x");
    Files.setLastModifiedTime(staleTemp, FileTime.fromMillis(now - 2 * 3_600_000L));
    Path freshTemp = Files.writeString(dir.resolve("worker-y.jsa.124.tmp"), "x");

    archives.plan(0, 1, classpath, List.of());
    Files.writeString(archives.archiveFor(classpath), "archive");
    archives.ended(0, 1);

    assertThat(archives.archiveFor(classpath)).exists();
    assertThat(old.subList(0, ClassArchives.KEEP - 1)).allMatch(Files::exists);
    assertThat(old.subList(ClassArchives.KEEP - 1, old.size())).noneMatch(Files::exists);
    assertThat(staleTemp).doesNotExist();
    assertThat(freshTemp).exists();
  }

  @Test
  void theDefaultDirectoryFollowsTheEnvironment() {
    assertThat(ClassArchives.defaultDir(java.util.Map.of(ClassArchives.ENV, "/tmp/ck-cds")))
        .isEqualTo(Path.of("/tmp/ck-cds"));
    assertThat(ClassArchives.defaultDir(java.util.Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".clusterkit", "cds"));
  }

  // ---- the JDK 25+ AOT cache ----

  private ClassArchives aot() {
    return new ClassArchives(dir, "/opt/jdk25", "25.0.3+9-LTS", true);
  }

  private static String option(ClassArchives.Plan plan, String prefix) {
    return plan.jvmOptions().stream().filter(o -> o.startsWith(prefix)).findFirst()
        .map(o -> o.substring(prefix.length())).orElse(null);
  }

  @Test
  void onAJdkWithTheAotCacheTheFirstWorkerTrainsAndItsCacheIsUsedOnceItExited()
      throws IOException {
    ClassArchives cache = aot();
    ClassArchives.Plan first = cache.plan(0, 1, classpath, List.of());
    Path target = cache.archiveFor(classpath);
    String output = option(first, "-XX:AOTCacheOutput=");

    assertThat(target.getFileName().toString()).endsWith(".aot");
    assertThat(output).as("%s", first).isNotNull().endsWith("-s0g1.tmp");
    assertThat(first.environment()).as("no in-process dump").isEmpty();
    assertThat(cache.plan(1, 1, classpath, List.of())).as("one trains at a time")
        .isEqualTo(ClassArchives.Plan.NONE);

    cache.ended(0, 1); // READY: the cache comes only at its exit
    assertThat(cache.describe().getJsonArray("recording")).hasSize(1);
    Files.writeString(Path.of(output), "aot cache");
    cache.exited(0, 1, true);

    assertThat(target).hasContent("aot cache");
    assertThat(Path.of(output)).doesNotExist();
    assertThat(option(cache.plan(1, 2, classpath, List.of()), "-XX:AOTCache="))
        .isEqualTo(target.toString());
    assertThat(cache.describe().getString("kind")).isEqualTo("aot-cache");
    assertThat(cache.describe().getJsonArray("written")).hasSize(1);
  }

  @Test
  void aTrainingWorkerKilledBeforeItsJvmWroteTheCacheLetsTheNextOneTrain() {
    ClassArchives cache = aot();
    cache.plan(0, 1, classpath, List.of());
    cache.exited(0, 1, false);

    assertThat(option(cache.plan(0, 2, classpath, List.of()), "-XX:AOTCacheOutput="))
        .endsWith("-s0g2.tmp");
    assertThat(cache.describe().getJsonArray("failed")).isEmpty();
  }

  @Test
  void aTrainingWorkerThatExitedCleanlyWithoutACacheStopsTheTraining() {
    ClassArchives cache = aot();
    cache.plan(0, 1, classpath, List.of());
    cache.exited(0, 1, true);

    assertThat(cache.plan(0, 2, classpath, List.of())).isEqualTo(ClassArchives.Plan.NONE);
    assertThat(cache.describe().getJsonArray("failed")).hasSize(1);
  }

  @Test
  void theUsersOwnAotOptionsWin() {
    assertThat(aot().plan(0, 1, classpath, List.of("-XX:AOTCache=/opt/app.aot")))
        .isEqualTo(ClassArchives.Plan.NONE);
    assertThat(aot().plan(0, 1, classpath, List.of("-XX:AOTMode=off")))
        .isEqualTo(ClassArchives.Plan.NONE);
  }

  @Test
  void aDynamicArchiveIsStillSettledAtReadyAndNotAgainAtExit() throws IOException {
    archives.plan(0, 1, classpath, List.of());
    Files.writeString(archives.archiveFor(classpath), "archive");
    archives.ended(0, 1);
    archives.exited(0, 1, true);
    assertThat(archives.describe().getString("kind")).isEqualTo("dynamic-appcds");
    assertThat(archives.describe().getJsonArray("written")).hasSize(1);
  }

  @Test
  void anAotCacheIsKeyedByTheWorkersJvmOptionsToo() throws IOException {
    ClassArchives cache = aot();
    String plain = option(cache.plan(0, 1, classpath, List.of()), "-XX:AOTCacheOutput=");
    String opened = option(cache.plan(1, 1, classpath,
        List.of("--add-opens", "java.base/java.io=ALL-UNNAMED")), "-XX:AOTCacheOutput=");
    assertThat(opened).as("its own training run: the JVM refuses a cache of other module options")
        .isNotNull().isNotEqualTo(plain);
  }

  @Test
  void aCacheTheJvmRefusesIsReportedWithItsReasonAndNotGivenAgain() throws IOException {
    ClassArchives cache = aot();
    Path target = cache.archiveFor(classpath);
    Files.createDirectories(dir);
    Files.writeString(target, "aot cache");
    assertThat(option(cache.plan(0, 1, classpath, List.of()), "-XX:AOTCache=")).isNotNull();
    List<String> seen = new ArrayList<>();
    java.util.function.Consumer<String> lines = cache.watching(
        (slot, gen, pid, stderr) -> seen::add).lines(0, 1, 4711, false);

    lines.accept("[0.154s][error][aot] An error has occurred while processing the AOT cache.");
    lines.accept("[0.370s][error  ][aot] shared class paths mismatch (hint: enable -Xlog)");
    lines.accept("[0.378s][error  ][aot] Unable to map shared spaces");

    assertThat(seen).as("the lines still go where they went").hasSize(3);
    assertThat(cache.describe().getJsonArray("refused").getJsonObject(0).getString("reason"))
        .isEqualTo("shared class paths mismatch (hint: enable -Xlog)");
    assertThat(cache.plan(1, 1, classpath, List.of())).as("falls back to none")
        .isEqualTo(ClassArchives.Plan.NONE);
  }

  @Test
  void errorLinesOfAWorkerGivenNoArchiveChangeNothing() {
    ClassArchives cache = aot();
    cache.watching((slot, gen, pid, stderr) -> line -> { }).lines(0, 1, 1, false)
        .accept("[0.1s][error][aot] Unable to map shared spaces");
    assertThat(cache.describe().getJsonArray("refused")).isEmpty();
  }
}

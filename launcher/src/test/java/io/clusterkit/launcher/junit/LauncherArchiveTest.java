package io.clusterkit.launcher.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherArchiveTest {

  @TempDir
  Path dir;

  @Test
  void withoutAJarThereIsNothingToMapNorToDump() {
    LauncherArchive none = LauncherArchive.of(null);
    assertThat(none.flags()).isEmpty();
    assertThat(none.file()).isNull();
    none.dumpFrom(ProcessHandle.current().pid()); // nothing recorded: returns at once
  }

  @Test
  void aJarWithoutArchiveRecordsAndOnceTheArchiveExistsMapsItWithTheCdsLogOff() throws Exception {
    Path jar = Files.writeString(dir.resolve("launcher.jar"), "jar");
    LauncherArchive archive = LauncherArchive.of(jar);
    assertThat(archive.file().getParent()).isEqualTo(dir.resolve("launcher-cds"));
    assertThat(archive.file().getFileName().toString()).startsWith("launcher-").endsWith(".jsa");
    assertThat(archive.flags()).containsExactly("-XX:+RecordDynamicDumpInfo",
        "-Xlog:cds=off,cds+dynamic=off");

    Files.createDirectories(archive.file().getParent());
    Files.writeString(archive.file(), "archive");
    assertThat(LauncherArchive.of(jar).flags()).containsExactly(
        "-XX:SharedArchiveFile=" + archive.file(), "-Xlog:cds=off,cds+dynamic=off");
  }

  @Test
  void aRebuiltJarHasAnArchiveOfItsOwn() throws Exception {
    Path jar = Files.writeString(dir.resolve("launcher.jar"), "jar");
    Path before = LauncherArchive.of(jar).file();
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar)
        .toMillis() - 60_000));
    assertThat(LauncherArchive.of(jar).file()).isNotEqualTo(before);
    Files.writeString(jar, "a bigger jar");
    assertThat(LauncherArchive.of(jar).file()).isNotEqualTo(before);
  }

  @Test
  void thePropertyTurnsItOff() throws Exception {
    Path jar = Files.writeString(dir.resolve("launcher.jar"), "jar");
    System.setProperty(LauncherArchive.PROPERTY, "false");
    try {
      assertThat(LauncherArchive.of(jar).flags()).isEmpty();
    } finally {
      System.clearProperty(LauncherArchive.PROPERTY);
    }
  }
}

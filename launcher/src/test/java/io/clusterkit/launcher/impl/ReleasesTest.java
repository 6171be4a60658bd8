package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which release a reload rolls onto: new code is a new classpath or changed files. */
class ReleasesTest {

  @TempDir
  Path dir;

  @Test
  void aReloadOfUnchangedFilesStaysOnTheCurrentRelease() throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "v1");
    Releases releases = new Releases(List.of(jar));
    assertThat(releases.forReload(null)).isZero();
    assertThat(releases.forReload(List.of(jar))).isZero();
  }

  @Test
  void aJarReplacedInPlaceIsNewCodeEvenWithTheSameClasspath() throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "v1");
    Releases releases = new Releases(List.of(jar));
    Files.writeString(jar, "version 2");
    int release = releases.forReload(null);
    assertThat(release).isEqualTo(1);
    assertThat(releases.classpath(release)).containsExactly(jar);
    releases.rolledOnto(release);
    assertThat(releases.forReload(null)).as("the same files again").isEqualTo(1);
  }

  @Test
  void aTouchedJarOfTheSameSizeIsNewCode() throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "v1");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    Releases releases = new Releases(List.of(jar));
    Files.writeString(jar, "v2");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
    assertThat(releases.forReload(null)).isEqualTo(1);
  }

  @Test
  void aClassAddedToADirectoryIsNewCode() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes/app"));
    Files.writeString(classes.resolve("A.class"), "a");
    Releases releases = new Releases(List.of(dir.resolve("classes")));
    assertThat(releases.forReload(null)).isZero();
    Files.writeString(classes.resolve("B.class"), "b");
    assertThat(releases.forReload(null)).isEqualTo(1);
  }

  @Test
  void anotherClasspathIsNewCode() throws Exception {
    Path v1 = Files.writeString(dir.resolve("v1.jar"), "v1");
    Path v2 = Files.writeString(dir.resolve("v2.jar"), "v2");
    Releases releases = new Releases(List.of(v1));
    assertThat(releases.forReload(List.of(v2))).isEqualTo(1);
    assertThat(releases.classpath(1)).containsExactly(v2);
  }
}

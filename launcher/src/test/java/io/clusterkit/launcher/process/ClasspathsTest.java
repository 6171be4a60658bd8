package io.clusterkit.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classpath strings read and written in one place: blanks skipped, entries made absolute. */
class ClasspathsTest {

  @TempDir
  Path dir;

  @Test
  void splitSkipsBlankEntriesAndNull() {
    String sep = File.pathSeparator;
    assertThat(Classpaths.split("a.jar" + sep + sep + " " + sep + "b")).containsExactly("a.jar",
        "b");
    assertThat(Classpaths.split(null)).isEmpty();
  }

  @Test
  void existingGivesAbsolutePathsOrNamesTheFirstMissingEntry() throws IOException {
    Path jar = Files.createFile(dir.resolve("app.jar"));
    String missing = dir.resolve("missing.jar").toString();

    assertThat(Classpaths.existing(jar.toString(), "-cp")).containsExactly(jar.toAbsolutePath());
    assertThatThrownBy(() -> Classpaths.existing(jar + File.pathSeparator + missing, "-cp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-cp entry " + missing + " does not exist");
  }

  @Test
  void absoluteAndJoinRoundTrip() {
    List<String> entries = Classpaths.absolute("lib/a.jar" + File.pathSeparator + "b");

    assertThat(entries).allSatisfy(entry -> assertThat(Path.of(entry)).isAbsolute());
    assertThat(Classpaths.split(Classpaths.join(entries))).isEqualTo(entries);
  }
}

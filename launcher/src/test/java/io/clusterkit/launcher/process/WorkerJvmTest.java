package io.clusterkit.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workers' JDK: what {@code -XshowSettings:properties -version} says is read into a version,
 * a JDK older than 17 or a binary that is no JVM is refused with one line, and the launcher's
 * own JDK probes to itself.
 */
class WorkerJvmTest {

  private static final Path JAVA = Path.of("/opt/jdk/bin/java");

  @TempDir
  Path temp;

  private static String settings(String specification, String version) {
    return "Property settings:\n"
        + "    file.separator = /\n"
        + "    java.home = /opt/jdk\n"
        + "    java.library.path = /usr/java/packages/lib\n"
        + "        /usr/lib64\n"
        + "    java.specification.version = " + specification + "\n"
        + "    java.version = " + version + "\n"
        + "    java.vm.version = " + version + "+9-LTS\n"
        + "\n"
        + "openjdk version \"" + version + "\" 2026-04-21 LTS\n";
  }

  @Test
  void readsVersionHomeAndFeatureFromTheSettings() {
    WorkerJvm jvm = WorkerJvm.parse(JAVA, settings("25", "25.0.3"));
    assertThat(jvm.version()).isEqualTo("25.0.3");
    assertThat(jvm.vmVersion()).isEqualTo("25.0.3+9-LTS");
    assertThat(jvm.feature()).isEqualTo(25);
    assertThat(jvm.home()).isEqualTo(Path.of("/opt/jdk"));
    assertThat(jvm.executable()).isEqualTo(JAVA);
    assertThat(jvm.own()).isFalse();
  }

  @Test
  void javaOlderThan17IsRefusedNamingItsVersion() {
    assertThatThrownBy(() -> WorkerJvm.parse(JAVA, settings("11", "11.0.22")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/opt/jdk/bin/java is Java 11.0.22; workers need Java 17 or later");
    assertThatThrownBy(() -> WorkerJvm.parse(JAVA, settings("1.8", "1.8.0_402")))
        .hasMessageContaining("is Java 1.8.0_402");
  }

  @Test
  void outputWithoutTheSettingsIsNoJvm() {
    assertThatThrownBy(() -> WorkerJvm.parse(JAVA, "Python 3.11.7\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is it a java executable?");
  }

  @Test
  void newerJdksGetTheFlagsThatKeepNettyQuiet() {
    assertThat(WorkerJvm.parse(JAVA, settings("17", "17.0.15")).compatibilityOptions())
        .isEmpty();
    assertThat(WorkerJvm.parse(JAVA, settings("25", "25.0.3")).compatibilityOptions())
        .containsExactly("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
  }

  @Test
  void onlyJdksBefore25RecordClassArchivesInProcess() {
    assertThat(WorkerJvm.parse(JAVA, settings("17", "17.0.15")).recordsClassArchives()).isTrue();
    assertThat(WorkerJvm.parse(JAVA, settings("21", "21.0.7")).recordsClassArchives()).isTrue();
    assertThat(WorkerJvm.parse(JAVA, settings("25", "25.0.3")).recordsClassArchives())
        .isFalse();
  }

  @Test
  void theLaunchersOwnJdkProbesToItselfByHomeOrExecutable() {
    WorkerJvm own = WorkerJvm.current();
    WorkerJvm byHome = WorkerJvm.probe(own.home());
    assertThat(byHome.version()).isEqualTo(own.version());
    assertThat(byHome.vmVersion()).isEqualTo(own.vmVersion());
    assertThat(byHome.executable()).isEqualTo(own.executable());
    assertThat(WorkerJvm.probe(own.executable()).feature()).isEqualTo(own.feature());
  }

  @Test
  void missingOrUnrunnableFilesAreRefused() throws IOException {
    assertThatThrownBy(() -> WorkerJvm.probe(temp.resolve("none")))
        .hasMessage(temp.resolve("none") + " does not exist");
    assertThatThrownBy(() -> WorkerJvm.probe(temp))
        .hasMessage(temp + " is a directory without bin/java: give a JDK home or a java "
            + "executable");
    Path plain = Files.writeString(temp.resolve("java"), "not a program");
    assertThatThrownBy(() -> WorkerJvm.probe(plain))
        .hasMessage(plain + " is not an executable file");
    Path failing = Files.writeString(temp.resolve("failing"), "#!/bin/sh\necho broken >&2\n"
        + "exit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(() -> WorkerJvm.probe(failing))
        .hasMessage(failing + " -version failed with exit code 3: broken");
  }

  @Test
  void jdksFrom25OnHaveTheOneStepAotCache() {
    assertThat(WorkerJvm.parse(JAVA, settings("21", "21.0.7")).aotCache()).isFalse();
    assertThat(WorkerJvm.parse(JAVA, settings("24", "24.0.2")).aotCache()).isFalse();
    assertThat(WorkerJvm.parse(JAVA, settings("25", "25.0.3")).aotCache()).isTrue();
  }
}

package io.clusterkit.launcher.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterKitCommandTest {

  private static final Path JAR = Path.of("/opt/ck/launcher.jar");

  private static List<String> tail(List<String> command, int from) {
    return command.subList(from, command.size());
  }

  @Test
  void runsLauncherJarWithSmallDefaultsAndTheVerticlesOwnFolder() {
    List<String> command = ClusterKit.cluster().launcherJar(JAR).workers(3)
        .verticle(ClusterKitCommandTest.class).command();
    assertThat(command.get(1)).isEqualTo("-Xmx256m");
    assertThat(command).containsAll(ClusterKit.JVM_FLAGS);
    int jar = command.indexOf("-jar");
    assertThat(command.get(jar + 1)).isEqualTo(JAR.toString());
    List<String> args = tail(command, jar + 2);
    assertThat(args).startsWith("-workers", "3", "-host", "127.0.0.1", "-port", "0", "-grace", "2");
    assertThat(args.get(args.indexOf("-cp") + 1)).endsWith("test-classes");
    assertThat(args).endsWith(ClusterKitCommandTest.class.getName());
  }

  @Test
  void withoutLauncherJarRunsMainFromTheTestsClasspathAndAddsNoClasspath() {
    List<String> command = ClusterKit.cluster().launcherJar(null)
        .verticle(ClusterKitCommandTest.class).command();
    int cp = command.indexOf("-cp");
    assertThat(command.get(cp + 1)).isEqualTo(System.getProperty("java.class.path"));
    assertThat(command.get(cp + 2)).isEqualTo(ClusterKit.MAIN_CLASS);
    assertThat(tail(command, cp + 3)).doesNotContain("-cp");
  }

  @Test
  void optionsReplaceDefaultsAndArgsSplitIntoOptionsAndFlags() {
    List<String> command = ClusterKit.cluster().launcherJar(JAR).verticle("com.example.App")
        .option("-grace", "10").args("-balance", "ip-hash", "-sticky", "-name", "a")
        .command();
    List<String> args = tail(command, command.indexOf("-jar") + 2);
    assertThat(args).containsSubsequence("-grace", "10").doesNotContainSequence("-grace", "2")
        .containsSubsequence("-balance", "ip-hash").containsSubsequence("-name", "a")
        .contains("-sticky").endsWith("com.example.App");
  }

  @Test
  void commandLineIsPassedAsGivenAndProgramRunsItsOwnMain() {
    List<String> bad = ClusterKit.cluster().launcherJar(JAR).commandLine("-workers", "0")
        .command();
    assertThat(tail(bad, bad.indexOf("-jar") + 2)).containsExactly("-workers", "0");
    List<String> program = ClusterKit.cluster().launcherJar(JAR)
        .classpath(Path.of("/opt/app.jar")).program("com.example.Main", "-port", "0").command();
    int cp = program.indexOf("-cp");
    assertThat(program.get(cp + 1)).isEqualTo(JAR + ":" + "/opt/app.jar");
    assertThat(tail(program, cp + 2)).containsExactly("com.example.Main", "-port", "0");
  }

  @Test
  void aClusterWithoutVerticleOrWorkersBelowOneIsRefused() {
    assertThatThrownBy(() -> ClusterKit.cluster().command())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no verticle");
    assertThatThrownBy(() -> ClusterKit.cluster().workers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers must be >= 1, was 0");
  }
}

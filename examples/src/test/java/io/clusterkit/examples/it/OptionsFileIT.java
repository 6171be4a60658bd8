package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -options FILE}: a real cluster starts from a YAML file, a flag on the command line
 * overriding one of its entries; each mistake in a file is one line naming the file and the key,
 * exit code 2, and no worker.
 */
@Timeout(180)
class OptionsFileIT {

  private static final String HELLO = "io.clusterkit.examples.hello.HelloVerticle";

  @TempDir
  Path dir;

  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  private TestCluster launch(int workers, String... args) {
    TestCluster launcher = ClusterKit.cluster().workers(workers).commandLine(args).start();
    started.add(launcher);
    return launcher;
  }

  @Test
  void clusterStartsFromAYamlFileAndAFlagOverridesIt() throws Exception {
    Path file = Files.writeString(dir.resolve("hello.yaml"), String.join("\n",
        "# the hello example, as an operator would keep it",
        "workers: 1",
        "host: 127.0.0.1",
        "port: 0",
        "grace: 3",
        "balance: least-conn",
        "worker-opts: -Xmx128m",
        "cp: " + Clusters.EXAMPLES_JAR,
        "verticle: " + HELLO,
        ""));
    TestCluster cluster = launch(2, "-options", file.toString(), "-workers", "2").awaitReady();

    assertThat(cluster.status().getString("balance")).as("from the file")
        .isEqualTo("least-conn");
    assertThat(cluster.workers()).as("-workers 2 on the command line wins over the file's 1")
        .extracting(WorkerStatus::slot).containsExactly(0, 1);
    Set<Integer> answered = new HashSet<>();
    for (int i = 0; i < 20 && answered.size() < 2; i++) {
      answered.add(RawHttp.get(cluster.port(), "/").json().getInteger("worker"));
    }
    assertThat(answered).as("both workers serve the file's verticle").containsExactly(0, 1);
    cluster.signal("TERM");
    assertThat(cluster.awaitExit(Duration.ofSeconds(30))).as("exit code").isZero();
  }

  static Stream<Arguments> mistakes() {
    String cp = Clusters.EXAMPLES_JAR.toString();
    return Stream.of(
        Arguments.of("unknown.yaml", "wrokers: 2\n", "options file %s, key wrokers: no such option"),
        Arguments.of("type.json", "{\"workers\": \"two\"}",
            "options file %s, key workers: expected a whole number, was the string \"two\""),
        Arguments.of("value.yml", "workers: 0\ncp: " + cp + "\nverticle: " + HELLO + "\n",
            "-workers must be >= 1, was 0 (key workers of options file %s)"),
        Arguments.of("balance.yaml", "balance: fastest\ncp: " + cp + "\nverticle: " + HELLO
            + "\n", "(key balance of options file %s)"),
        Arguments.of("broken.yaml", "workers: [2\n", "options file %s is not valid YAML: "),
        Arguments.of("missing.yaml", null, "options file %s does not exist"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void aMistakeInTheFileIsOneLineNamingTheKeyAndExitCode2(String name, String content,
      String message) throws Exception {
    Path file = dir.resolve(name);
    if (content != null) {
      Files.writeString(file, content);
    }
    TestCluster launcher = launch(1, "-options", file.toString());
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(2);
    List<String> errors = launcher.stderrLines();
    List<String> own = errors.stream().filter(l -> l.startsWith("launcher: ")).toList();
    assertThat(own).as("the launcher's own stderr lines (all stderr: %s)", errors).hasSize(1);
    assertThat(own.get(0)).contains(String.format(message, file));
    assertThat(errors).as("no stack trace").noneMatch(l -> l.contains("\tat "));
    assertThat(launcher.workerPids()).as("no worker for a usage mistake").isEmpty();
  }
}

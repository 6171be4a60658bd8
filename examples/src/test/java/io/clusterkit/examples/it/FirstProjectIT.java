package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first project, tried as the README tells a new user: {@code docs/first-project} (its
 * own pom.xml, one verticle, one test with the test kit) is copied to a fresh directory and built
 * with {@code mvn verify} against ClusterKit as {@code mvn install} would leave it, which runs its
 * test on a real cluster; then this build's {@code launcher.jar} runs the jar it made. The user's
 * build gets a Maven repository of its own: ClusterKit's artifacts from this build, put where
 * {@code mvn install} puts them, and every other artifact read from this machine's repository
 * through a {@code file://} mirror, so nothing is downloaded and the shared {@code ~/.m2} is
 * never written.
 */
@Timeout(600)
class FirstProjectIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final List<String> MODULES = List.of("shared-state", "sticky-session",
      "verticles", "launcher");

  @TempDir
  Path temp;

  /** ClusterKit's artifacts from this build, laid out as in a local repository. */
  private static void installInto(Path repository) throws IOException {
    Path parent = Files.createDirectories(repository.resolve(
        "io/clusterkit/clusterkit-parent/" + VERSION));
    Files.copy(ROOT.resolve("pom.xml"), parent.resolve("clusterkit-parent-" + VERSION + ".pom"));
    for (String module : MODULES) {
      String artifact = "clusterkit-" + module;
      Path dir = Files.createDirectories(repository.resolve(
          "io/clusterkit/" + artifact + "/" + VERSION));
      Files.copy(ROOT.resolve(module).resolve("pom.xml"),
          dir.resolve(artifact + "-" + VERSION + ".pom"));
      Path jar = ROOT.resolve(module).resolve("target").resolve(artifact + "-" + VERSION
          + ".jar");
      assertThat(jar).as("built by this reactor before the ITs").isRegularFile();
      Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
    }
  }

  private static void copyProject(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path relative = from.relativize(file);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static String mvn() {
    String home = System.getProperty("maven.home");
    return home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))
        ? Path.of(home, "bin", "mvn").toString() : "mvn";
  }

  @Test
  void theFirstProjectBuildsWithItsTestAndRunsUnderTheLauncher() throws Exception {
    Path app = temp.resolve("first-app");
    copyProject(ROOT.resolve("docs/first-project"), app);
    Path repository = temp.resolve("repository");
    installInto(repository);
    Path machine = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path settings = Files.writeString(temp.resolve("settings.xml"), "<settings><mirrors><mirror>"
        + "<id>this-machine</id><mirrorOf>*</mirrorOf><url>" + machine.toUri() + "</url>"
        + "</mirror></mirrors></settings>");
    Path log = temp.resolve("build.log");

    Process build = new ProcessBuilder(mvn(), "-B", "-nsu", "-s", settings.toString(),
        "-Dmaven.repo.local=" + repository, "verify")
        .directory(app.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = build.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      build.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(ended).as("mvn verify ended within 8 minutes:%n%s", output).isTrue();
    assertThat(build.exitValue()).as("mvn verify of the first project:%n%s", output).isZero();
    assertThat(output).as("its test ran on a real cluster")
        .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed")
        .contains("in com.example.AppIT");
    Path jar = app.resolve("target/first-app.jar");
    assertThat(jar).isRegularFile();

    // the jar names its verticle in its manifest: -cp alone is enough
    try (TestCluster cluster = ClusterKit.cluster().commandLine("-workers", "1", "-host",
        "127.0.0.1", "-port", "0", "-grace", "2", "-cp", jar.toString()).start()) {
      cluster.awaitWorker(0, WorkerStatus::ready, Duration.ofSeconds(120));
      JsonObject answer = RawHttp.get(cluster.port(), "/").json();
      assertThat(answer.getString("message")).as("%s", answer).isEqualTo("hello");
      assertThat(answer.getInteger("worker")).isZero();
    }
  }
}

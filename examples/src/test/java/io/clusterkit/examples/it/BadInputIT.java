package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.FailingVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.TestCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each mistake a user can make gets one clear line on stderr (no stack trace), a non-zero exit
 * code, and leaves no process behind.
 */
@Timeout(120)
class BadInputIT {

  private final List<TestCluster> started = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    started.forEach(TestCluster::close);
  }

  private TestCluster launch(String... args) {
    TestCluster launcher = ClusterKit.cluster().commandLine(args).start();
    started.add(launcher);
    return launcher;
  }

  static Stream<Arguments> usageMistakes() {
    String examples = Clusters.EXAMPLES_JAR.toAbsolutePath().toString();
    String hello = "io.clusterkit.examples.hello.HelloVerticle";
    return Stream.of(
        Arguments.of(List.of("-workers", "0", "-cp", examples, hello), "workers must be >= 1, was 0"),
        Arguments.of(List.of("-workers", "abc", "-cp", examples, hello), "'abc' is not an int"),
        Arguments.of(List.of("-bogus", "-cp", examples, hello), "Unknown option: '-bogus'"),
        Arguments.of(List.of("-cp", examples, "com.example.Missing"),
            "verticle class com.example.Missing not found"),
        Arguments.of(List.of("-cp", examples, "java.lang.String"),
            "class java.lang.String is not a verticle"),
        Arguments.of(List.of("-cp", "/nonexistent/app.jar", hello),
            "-cp entry /nonexistent/app.jar does not exist"),
        Arguments.of(List.of("-port", "70000", "-cp", examples, hello), "port must be 0..65535"),
        Arguments.of(List.of("-conf", "{not json", "-cp", examples, hello), "is not a JSON object"),
        Arguments.of(List.of("-router", "splice", "-cp", examples, hello),
            "router must be auto, handoff or forward, was 'splice'"),
        Arguments.of(List.of("-balance", "reuseport", "-router", "forward", "-cp", examples, hello),
            "-router does not apply to -balance reuseport"),
        Arguments.of(List.of("-transport", "kqueue", "-cp", examples, hello),
            "-transport must be auto, io_uring or epoll, was 'kqueue'"),
        Arguments.of(List.of("-router", "forward", "-transport", "io_uring", "-cp", examples,
            hello), "-transport io_uring does not work with the forward router"),
        Arguments.of(List.of("-health", "healthz", "-cp", examples, hello),
            "-health must be a path starting with '/', was 'healthz'"),
        Arguments.of(List.of("-health", "/healthz", "-health-interval", "0.05", "-cp", examples,
            hello), "-health-interval must be >= 0.1 seconds, was 0.05"),
        Arguments.of(List.of("-health", "/healthz", "-health-timeout", "-1", "-cp", examples,
            hello), "-health-timeout must be >= 0.1 seconds, was -1.0"),
        Arguments.of(List.of("-health", "/healthz", "-health-failures", "0", "-cp", examples,
            hello), "-health-failures must be >= 1, was 0"),
        Arguments.of(List.of("-health-failures", "2", "-cp", examples, hello),
            "-health-failures needs -health PATH"),
        Arguments.of(List.of("-metrics", "70000", "-cp", examples, hello),
            "-metrics: port 70000 is not in 0..65535"),
        Arguments.of(List.of("-metrics", "localhost:http", "-cp", examples, hello),
            "-metrics: 'localhost:http' is not [HOST:]PORT"),
        // restart policy and recycling by request count
        Arguments.of(List.of("-max-restarts", "-1", "-cp", examples, hello),
            "-max-restarts must be >= 0, was -1"),
        Arguments.of(List.of("-restart-window", "0", "-cp", examples, hello),
            "-restart-window must be > 0, was 0 ms"),
        Arguments.of(List.of("-restart-window", "soon", "-cp", examples, hello),
            "-restart-window: must be a duration such as 500ms, 10s, 5m or 1h, was 'soon'"),
        Arguments.of(List.of("-restart-backoff", "1s", "-cp", examples, hello),
            "-restart-backoff: must be MIN:MAX such as 100ms:10s, was '1s'"),
        Arguments.of(List.of("-restart-backoff", "5s:1s", "-cp", examples, hello),
            "-restart-backoff maximum must be >= its minimum 5000 ms, was 1000 ms"),
        Arguments.of(List.of("-min-uptime", "-5s", "-cp", examples, hello),
            "-min-uptime: must be a duration such as 500ms, 10s, 5m or 1h, was '-5s'"),
        Arguments.of(List.of("-boot-timeout", "0s", "-cp", examples, hello),
            "-boot-timeout must be > 0, was 0 ms"),
        Arguments.of(List.of("-max-requests", "-10", "-cp", examples, hello),
            "-max-requests must be >= 0, was -10"),
        Arguments.of(List.of("-max-requests", "100", "-max-requests-jitter", "-1", "-cp",
            examples, hello), "-max-requests-jitter must be >= 0, was -1"),
        Arguments.of(List.of("-max-requests-jitter", "50", "-cp", examples, hello),
            "-max-requests-jitter needs -max-requests N"),
        // limits under abuse: the worker ceiling
        Arguments.of(List.of("-workers", "100000", "-cp", examples, hello),
            "-workers: 100000 workers is over the ceiling of "),
        Arguments.of(List.of("-workers", "3", "-max-workers", "2", "-cp", examples, hello),
            "-workers: 3 workers is over the ceiling of 2 on this machine (-max-workers)"),
        Arguments.of(List.of("-max-workers", "0", "-cp", examples, hello),
            "-max-workers must be >= 1, was 0"),
        // limits under abuse: stalled clients
        Arguments.of(List.of("-header-timeout", "soon", "-cp", examples, hello),
            "-header-timeout: must be a duration such as 500ms, 10s, 5m or 1h, was 'soon'"),
        Arguments.of(List.of("-max-connections", "-1", "-cp", examples, hello),
            "-max-connections must be >= 0, was -1"),
        // the workers' JDK
        Arguments.of(List.of("-java", "/nonexistent/jdk", "-cp", examples, hello),
            "-java: /nonexistent/jdk does not exist"),
        Arguments.of(List.of("-java", examples, "-cp", examples, hello),
            "-java: " + examples + " is not an executable file"),
        Arguments.of(List.of("-java", "/tmp", "-cp", examples, hello),
            "-java: /tmp is a directory without bin/java"),
        // spares and surge reloads
        Arguments.of(List.of("-spares", "-1", "-cp", examples, hello),
            "-spares must be >= 0, was -1"),
        Arguments.of(List.of("-spares", "abc", "-cp", examples, hello), "'abc' is not an int"),
        Arguments.of(List.of("-reload-surge", "0", "-cp", examples, hello),
            "-reload-surge must be >= 1, was 0"),
        // spare warm-up
        Arguments.of(List.of("-spare-warmup", "abc", "-cp", examples, hello),
            "-spare-warmup: must be a duration such as 500ms, 10s, 5m or 1h, was 'abc'"),
        Arguments.of(List.of("-spare-warmup", "-1", "-cp", examples, hello),
            "-spare-warmup: must be a duration"),
        Arguments.of(List.of("-spare-warmup", "10m", "-cp", examples, hello),
            "-spare-warmup must be between 0 and 300 seconds, was 600.0"),
        // spare delay
        Arguments.of(List.of("-spare-delay", "soon", "-cp", examples, hello),
            "-spare-delay: must be a duration such as 500ms, 10s, 5m or 1h, was 'soon'"),
        Arguments.of(List.of("-spare-delay", "-2s", "-cp", examples, hello),
            "-spare-delay: must be a duration"),
        Arguments.of(List.of("-spare-delay", "2h", "-cp", examples, hello),
            "-spare-delay must be between 0 and 3600 seconds, was 7200.0"),
        Arguments.of(List.of(), "no VERTICLE given"));
  }

  // -- log files --
  static Stream<Arguments> logMistakes() {
    String examples = Clusters.EXAMPLES_JAR.toAbsolutePath().toString();
    String hello = "io.clusterkit.examples.hello.HelloVerticle";
    String dir = "target/bad-input-logs";
    return Stream.of(
        Arguments.of(List.of("-log-dir", dir, "-log-format", "xml", "-cp", examples, hello),
            "-log-format must be text or json, was 'xml'"),
        Arguments.of(List.of("-log-dir", dir, "-log-max-size", "10x", "-cp", examples, hello),
            "-log-max-size must be a size such as 512m or 1g, was '10x'"),
        Arguments.of(List.of("-log-dir", dir, "-log-max-size", "100", "-cp", examples, hello),
            "-log-max-size must be >= 1024 bytes, was 100"),
        Arguments.of(List.of("-log-dir", dir, "-log-max-history", "0", "-cp", examples, hello),
            "-log-max-history must be >= 1 day, was 0"),
        Arguments.of(List.of("-log-dir", dir, "-log-max-size", "2k", "-log-total-size", "1k",
            "-cp", examples, hello),
            "-log-total-size must be >= log-max-size (2048 bytes), was 1024"),
        Arguments.of(List.of("-log-max-size", "10m", "-cp", examples, hello),
            "-log-max-size needs -log-dir DIR"),
        Arguments.of(List.of("-log-dir", "/dev/null/logs", "-cp", examples, hello),
            "-log-dir /dev/null/logs cannot be created"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("logMistakes")
  void logMistakeGetsOneLineAndExitCode2(List<String> args, String message) throws Exception {
    usageMistakeGetsOneLineAndExitCode2(args, message);
  }
  // -- end of log files --

  // ---- several hosts ----
  static Stream<Arguments> joinMistakes() {
    String examples = Clusters.EXAMPLES_JAR.toAbsolutePath().toString();
    String hello = "io.clusterkit.examples.hello.HelloVerticle";
    return Stream.of(
        Arguments.of(List.of("-members", "127.0.0.1:5701", "-cp", examples, hello),
            "-members needs -cluster-name NAME (the same on every host)"),
        Arguments.of(List.of("-cluster-name", "shop", "-members", "10.0.0.2:99999", "-cp",
            examples, hello), "-members: member must be HOST[:PORT] (IPv6 as [ADDR]:PORT), was "
            + "'10.0.0.2:99999'"),
        Arguments.of(List.of("-cluster-name", "shop", "-members", "10.0.0.2", "-cp", examples,
            hello), "-members names 10.0.0.2:5701 but -cluster-host is 127.0.0.1: other hosts "
            + "cannot reach a launcher bound to loopback"),
        Arguments.of(List.of("-cluster-name", "shop!", "-cp", examples, hello),
            "-cluster-name: cluster name must be 1 to 64 letters, digits, '.', '_' or '-', was "
            + "'shop!'"),
        Arguments.of(List.of("-cluster-name", "shop", "-cluster-host", "0.0.0.0", "-cp", examples,
            hello), "-cluster-host: cluster host must name one interface, not the wildcard"),
        Arguments.of(List.of("-cluster-name", "shop", "-cluster-host", "192.0.2.123", "-cp",
            examples, hello), "-cluster-host 192.0.2.123 is not an address of this host"),
        Arguments.of(List.of("-cluster-name", "shop", "-cluster-host", "db-1", "-cp", examples,
            hello), "-cluster-host: cluster host must be an IP address, was 'db-1'"),
        Arguments.of(List.of("-cluster-name", "shop", "-backup-count", "7", "-cp", examples,
            hello), "-backup-count: backup count must be in 0..6, was 7"),
        Arguments.of(List.of("-backup-count", "2", "-cp", examples, hello),
            "-backup-count needs -cluster-name NAME"),
        Arguments.of(List.of("-cluster-name", "shop", "-join-timeout", "0.5s", "-cp", examples,
            hello), "-join-timeout: join timeout must be >= 1s"),
        Arguments.of(List.of("-hazelcast-config", "/nonexistent/hz.xml", "-cp", examples, hello),
            "-hazelcast-config /nonexistent/hz.xml is not a readable file"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("joinMistakes")
  void joinMistakeGetsOneLineAndExitCode2(List<String> args, String message) throws Exception {
    usageMistakeGetsOneLineAndExitCode2(args, message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hz.xml", "hz.yaml"})
  void anUnparsableHazelcastConfigGetsOneLineAndExitCode2(String name, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, name.endsWith(".xml") ? "<hazelcast><network>"
        : "hazelcast:\n  network: [unclosed\n");
    TestCluster launcher = launch("-hazelcast-config", file.toString(), "-cp",
        Clusters.EXAMPLES_JAR.toAbsolutePath().toString(),
        "io.clusterkit.examples.hello.HelloVerticle");
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(2);
    assertOneClearLine(launcher, "Hazelcast configuration " + file + " cannot be read: ");
    // nor the XML parser's "[Fatal Error]" nor Hazelcast's own log record of it
    assertThat(launcher.stderrLines()).as("all of stderr").hasSize(1);
    assertThat(launcher.workerPids()).isEmpty();
  }
  // ---- end of several hosts ----

  @ParameterizedTest(name = "{1}")
  @MethodSource("usageMistakes")
  void usageMistakeGetsOneLineAndExitCode2(List<String> args, String message) throws Exception {
    TestCluster launcher = launch(args.toArray(String[]::new));
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(2);
    assertOneClearLine(launcher, message);
    assertThat(launcher.workerPids()).as("no worker is started for a usage mistake").isEmpty();
  }

  @Test
  void javaOlderThan17IsRefusedBeforeAnyWorkerStarts(@TempDir Path jdk) throws Exception {
    // no JDK older than 17 is installed here: this executable answers -version as Java 11 does
    Path java = Files.createDirectories(jdk.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\necho 'Property settings:' >&2\n"
        + "echo '    java.home = " + jdk + "' >&2\n"
        + "echo '    java.specification.version = 11' >&2\n"
        + "echo '    java.version = 11.0.22' >&2\n"
        + "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    TestCluster launcher = launch("-java", jdk.toString(), "-cp",
        Clusters.EXAMPLES_JAR.toString(), "io.clusterkit.examples.hello.HelloVerticle");
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).as("exit code").isEqualTo(2);
    assertOneClearLine(launcher, "-java: " + java + " is Java 11.0.22; workers need Java 17 or "
        + "later");
    // the launcher ran that java once to ask its version, and started nothing else
    assertThat(launcher.output()).doesNotContain("spawned");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }

  @ParameterizedTest(name = "-balance {0}")
  @ValueSource(strings = {"round-robin", "reuseport"})
  void publicPortInUseExits6NamingThePort(String balance) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      TestCluster launcher = launch("-workers", "1", "-host", "127.0.0.1",
          "-balance", balance, "-port", Integer.toString(taken.getLocalPort()),
          "-cp", Clusters.EXAMPLES_JAR.toAbsolutePath().toString(),
          "io.clusterkit.examples.hello.HelloVerticle");
      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).as("exit code").isEqualTo(6);
      assertOneClearLine(launcher, "port " + taken.getLocalPort());
      assertThat(launcher.output()).contains("already in use");
      assertThat(launcher.workerPids()).isEmpty();
    }
  }

  @Test
  void metricsPortInUseExits6NamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      TestCluster launcher = launch("-workers", "1", "-host", "127.0.0.1", "-port", "0",
          "-metrics", "127.0.0.1:" + taken.getLocalPort(),
          "-cp", Clusters.EXAMPLES_JAR.toAbsolutePath().toString(),
          "io.clusterkit.examples.hello.HelloVerticle");
      assertThat(launcher.awaitExit(Duration.ofSeconds(60))).as("exit code").isEqualTo(6);
      assertOneClearLine(launcher, "-metrics 127.0.0.1:" + taken.getLocalPort());
      assertThat(launcher.workerPids()).isEmpty();
    }
  }

  @Test
  void verticleWhoseStartFailsStopsTheLauncherAtOnceWithTheWorkersError() throws Exception {
    TestCluster launcher = launch("-workers", "2", "-host", "127.0.0.1",
        "-port", "0", "-grace", "2", "-cp", Clusters.TEST_CLASSES.toString(),
        "io.clusterkit.examples.it.apps.FailingVerticle");
    assertThat(launcher.awaitExit(Duration.ofSeconds(60))).as("exit code").isEqualTo(4);
    assertOneClearLine(launcher, "boom: database url missing");
    assertThat(launcher.output()).as("no retry after a first-boot failure")
        .doesNotContain("gen 2");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }

  @Test
  void healthPathThatIsNoRouteFailsTheFirstBootWithAClearLine() throws Exception {
    TestCluster launcher = launch("-workers", "2", "-host", "127.0.0.1",
        "-port", "0", "-grace", "2", "-health", "/no-such-route", "-cp",
        Clusters.EXAMPLES_JAR.toString(), "io.clusterkit.examples.hello.HelloVerticle");
    long begun = System.nanoTime();
    assertThat(launcher.awaitExit(Duration.ofSeconds(60))).as("exit code").isEqualTo(4);
    // 10 s of 404s after the worker reported READY, not the 60 s boot timeout and its retries
    assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(45));
    assertOneClearLine(launcher, "health check GET /no-such-route answered 404 (Not Found) for "
        + "10 s: is /no-such-route a route of the application (-health)?");
    assertThat(launcher.output()).as("no retry after a first-boot failure")
        .doesNotContain("gen 2");
    assertThat(launcher.liveWorkerPids()).isEmpty();
  }

  private static void assertOneClearLine(TestCluster launcher, String message) {
    List<String> errors = launcher.stderrLines();
    List<String> own = errors.stream().filter(l -> l.startsWith("launcher: ")).toList();
    assertThat(own).as("the launcher's own stderr lines (all stderr: %s)", errors).hasSize(1);
    assertThat(own.get(0)).contains(message);
    assertThat(errors).as("no stack trace on stderr")
        .noneMatch(l -> l.contains("\tat ") || l.contains("Exception in thread"));
  }
}

package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.LogVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * -log-dir with real launchers and workers: one file per slot carrying the workers' lines with
 * pid and gen, kept by a slot's replacement; files rolled at a tiny maximum size with the total
 * size cap holding; JSON lines with their fields; and the logs command, printing the last lines
 * and following new ones across rolls, as a process of its own.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long MAX_SIZE = 4 * 1024;
  private static final long TOTAL_SIZE = 16 * 1024;

  private static Path textDir;
  private static Path jsonDir;
  private static TestCluster text;
  private static TestCluster json;

  @BeforeAll
  static void startClusters() throws IOException {
    textDir = Files.createTempDirectory("clusterkit-logs-text");
    jsonDir = Files.createTempDirectory("clusterkit-logs-json");
    text = logging(2).option("-log-dir", textDir.toString())
        .option("-log-max-size", "4k").option("-log-total-size", "16k").start();
    json = logging(1).option("-log-dir", jsonDir.toString()).option("-log-format", "json")
        .start();
    text.awaitReady();
    json.awaitReady();
  }

  private static ClusterKit logging(int workers) {
    return ClusterKit.cluster().workers(workers).option("-grace", "3")
        .classpath(Clusters.TEST_CLASSES).verticle(LogVerticle.class);
  }

  @AfterAll
  static void stopClusters() throws IOException {
    for (TestCluster cluster : new TestCluster[] {text, json}) {
      if (cluster != null) {
        cluster.close();
      }
    }
    for (Path dir : new Path[] {textDir, jsonDir}) {
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  @Order(1)
  void eachSlotWritesItsOwnFileWithPidAndGen() throws IOException {
    for (int slot = 0; slot < 2; slot++) {
      WorkerStatus worker = text.worker(slot);
      RawHttp.Response served = onSlot(text, slot, "/print?tag=own" + slot);
      String prefix = "slot=" + slot + " pid=" + served.pid() + " gen=" + worker.gen() + " ";
      String printed = prefix + "printed own" + slot + " 0 by pid " + served.pid();
      String logged = prefix + "INFO  LogVerticle - logged own" + slot + " 0 by pid "
          + served.pid();
      int s = slot;
      Await.until(WAIT, () -> slotLines(textDir, s),
          lines -> lines.stream().anyMatch(l -> l.endsWith(printed))
              && lines.stream().anyMatch(l -> l.endsWith(logged)),
          "worker-" + slot + " lines ending with '" + printed + "' and '" + logged + "'");
    }
    assertThat(slotLines(textDir, 0)).noneMatch(l -> l.contains("own1"));
    assertThat(slotLines(textDir, 1)).noneMatch(l -> l.contains("own0"));
    assertThat(Files.readAllLines(textDir.resolve("launcher.log")))
        .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d .* INFO  Supervisor - slot 0 .*READY.*"));
    assertThat(text.lines()).as("no worker line on the launcher's stdout")
        .noneMatch(l -> l.matches("\\[\\d+:\\d+\\] .*"))
        .anyMatch(l -> l.contains("STARTING -> READY"));
  }

  @Test
  @Order(2)
  void aKilledWorkersReplacementWritesTheSameFile() throws IOException {
    WorkerStatus before = text.worker(1);
    TestCluster.signal(before.pid(), "KILL");
    WorkerStatus after = text.awaitWorker(1, w -> w.gen() > before.gen() && w.ready(),
        TestCluster.BOOT_TIMEOUT);
    RawHttp.Response served = onSlot(text, 1, "/print?tag=reborn");
    assertThat(served.pid()).isEqualTo(after.pid());
    String line = "slot=1 pid=" + after.pid() + " gen=" + after.gen()
        + " printed reborn 0 by pid " + after.pid();
    Await.until(WAIT, () -> slotLines(textDir, 1), lines -> lines.stream()
        .anyMatch(l -> l.endsWith(line)), "worker-1 lines ending with '" + line + "'");
    try (Stream<Path> files = Files.list(textDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("files of the log directory")
          .allMatch(n -> n.equals(".clusterkit.lock")
              || n.matches("(launcher|worker-[01])(\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+)?\\.log"));
    }
  }

  @Test
  @Order(3)
  void filesRollAtTheirMaximumSizeAndRolledFilesStayUnderTheCap() throws IOException {
    for (int i = 0; i < 4; i++) {
      onSlot(text, 0, "/print?tag=roll" + i + "&n=50&pad=100");
    }
    // the launcher writes what the worker printed as it reads it: wait for the last line
    Await.until(WAIT, () -> slotLines(textDir, 0).stream()
        .anyMatch(l -> l.contains("printed roll3 49 by pid")), found -> found,
        "the last printed line in worker-0's files");
    List<Path> rolled = Await.until(WAIT, () -> rolled(textDir, "worker-0"),
        r -> r.size() >= 2 && size(r) <= TOTAL_SIZE
            && r.stream().noneMatch(p -> p.getFileName().toString().endsWith(".0.log")),
        "rolled files of worker-0 of at most " + TOTAL_SIZE + " bytes in all, the first deleted");
    // a file is rolled once the line that passed the maximum is written (lines are < 300 bytes)
    assertThat(rolled).allSatisfy(p -> assertThat(p.toFile().length()).as("%s", p)
        .isLessThan(MAX_SIZE + 1024));
    assertThat(textDir.resolve("worker-0.log").toFile().length()).isLessThan(MAX_SIZE + 1024);
  }

  @Test
  @Order(4)
  void logsPrintsTheLastLinesOfOneSlotOrOfAll() throws Exception {
    ControlCommand.Result one = ControlCommand.run(text, WAIT, "logs", "-slot", "0", "-n", "4");
    assertThat(one.exitCode()).as("exit code; stderr: %s", one.err()).isZero();
    assertThat(one.out().lines().toList()).hasSize(4).allMatch(l -> l.contains(" slot=0 pid="));
    ControlCommand.Result all = ControlCommand.run(text, WAIT, "logs", "-n", "2");
    assertThat(all.exitCode()).as("exit code; stderr: %s", all.err()).isZero();
    assertThat(all.out().lines().map(l -> l.substring(0, l.indexOf(" | "))).toList())
        .containsExactly("launcher", "launcher", "worker-0", "worker-0", "worker-1", "worker-1");
  }

  @Test
  @Order(5)
  void logsFollowsNewLinesAcrossRollsUntilStopped() throws Exception {
    List<String> followed = Collections.synchronizedList(new ArrayList<>());
    ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-jar", Clusters.LAUNCHER_JAR.toString(), "logs", "-f", "-slot", "0",
        "-n", "1").redirectErrorStream(true);
    command.environment().put("CLUSTERKIT_RUN_DIR", text.runDir().toString());
    Process follow = command.start();
    try {
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
          in.lines().forEach(followed::add);
        } catch (IOException e) {
          followed.add("read failed: " + e);
        }
      });
      reader.setDaemon(true);
      reader.start();
      Await.until(WAIT, () -> List.copyOf(followed), f -> !f.isEmpty(), "the last line first");
      // about 11 KB at once: several rolls of a 4k file between two looks of the follower,
      // less than -log-total-size, so the retention limit deletes none of them
      onSlot(text, 0, "/print?tag=follow&n=30&pad=100");
      List<String> expected = IntStream.range(0, 30)
          .mapToObj(i -> "printed follow " + i + " by pid").toList();
      Await.until(WAIT, () -> List.copyOf(followed), f -> expected.stream()
          .allMatch(e -> f.stream().anyMatch(l -> l.contains(e + " "))),
          () -> "every one of 30 printed lines, across rolls of a 4k file; the files: "
              + describe(textDir, "worker-0", "printed follow "));
      assertThat(follow.isAlive()).as("logs -f runs until it is stopped").isTrue();
    } finally {
      follow.destroyForcibly();
      follow.waitFor();
    }
  }

  @Test
  @Order(6)
  void jsonLinesAreObjectsWithTimeLevelSlotGenPidLoggerAndMessage() throws IOException {
    WorkerStatus worker = json.worker(0);
    RawHttp.Response served = RawHttp.get(json.port(), "/print?tag=json");
    String printed = "printed json 0 by pid " + served.pid();
    String logged = "logged json 0 by pid " + served.pid();
    List<JsonObject> lines = Await.until(WAIT, () -> slotLines(jsonDir, 0).stream()
        .map(JsonObject::new).toList(), l -> l.stream().anyMatch(j -> logged.equals(
            j.getString("formattedMessage"))), "worker-0's event '" + logged + "'");
    assertThat(lines).allSatisfy(j -> {
      assertThat(j.getLong("timestamp")).isPositive();
      assertThat(j.getString("level")).isNotBlank();
      assertThat(j.getInteger("slot")).isZero();
      assertThat(j.getLong("gen")).isEqualTo(worker.gen());
      assertThat(j.getLong("pid")).isEqualTo(served.pid());
      assertThat(j.getString("loggerName")).isNotBlank();
    });
    assertThat(lines).anySatisfy(j -> {
      assertThat(j.getString("formattedMessage")).isEqualTo(printed);
      assertThat(j.getString("loggerName")).isEqualTo("stdout");
    }).anySatisfy(j -> {
      assertThat(j.getString("formattedMessage")).isEqualTo(logged);
      assertThat(j.getString("loggerName")).isEqualTo(LogVerticle.class.getName());
      assertThat(j.getString("level")).isEqualTo("INFO");
    });
    assertThat(Files.readAllLines(jsonDir.resolve("launcher.log"))).map(JsonObject::new)
        .anyMatch(j -> j.getString("formattedMessage").contains("STARTING -> READY"));
    assertThat(json.status().getString("logFormat")).isEqualTo("json");
    assertThat(json.status().getString("logDir")).isEqualTo(jsonDir.toString());
  }

  @Test
  @Order(7)
  void logsWithoutALauncherOrWithoutLogDirIsOneClearLine() throws Exception {
    Path emptyRegistry = Files.createTempDirectory("clusterkit-no-launcher");
    try {
      ControlCommand.Result none = ControlCommand.run(emptyRegistry, WAIT, "logs");
      assertThat(none.exitCode()).isEqualTo(6);
      assertThat(none.err().lines().toList()).singleElement().asString().startsWith("launcher: ");
    } finally {
      Files.delete(emptyRegistry);
    }
    try (TestCluster plain = Clusters.hello(1).start()) {
      plain.port(); // registered
      ControlCommand.Result result = ControlCommand.run(plain, WAIT, "logs");
      assertThat(result.exitCode()).isEqualTo(6);
      assertThat(result.err().lines().toList()).singleElement().asString()
          .contains("runs without -log-dir");
    }
  }

  @Test
  @Order(8)
  void aSecondLauncherOnTheSameDirectoryIsRefused() {
    try (TestCluster second = logging(1).option("-log-dir", textDir.toString()).start()) {
      assertThat(second.awaitExit(WAIT)).as("exit code").isEqualTo(2);
      assertThat(second.stderrLines()).filteredOn(l -> l.startsWith("launcher: "))
          .singleElement().asString().contains("another launcher writes its logs there");
      assertThat(second.workerPids()).isEmpty();
    }
  }

  /** Fresh connections until one is served by the slot (round-robin: a few at most). */
  private static RawHttp.Response onSlot(TestCluster cluster, int slot, String path) {
    return Await.until(WAIT, () -> {
      try {
        return RawHttp.get(cluster.port(), path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, r -> r.status() == 200 && r.worker() == slot, "a response from slot " + slot);
  }

  /** @return the lines of a slot's rolled files and active file */
  private static List<String> slotLines(Path dir, int slot) {
    List<String> lines = new ArrayList<>();
    List<Path> files = new ArrayList<>(rolled(dir, "worker-" + slot));
    files.add(dir.resolve("worker-" + slot + ".log"));
    for (Path file : files) {
      try {
        lines.addAll(Files.readAllLines(file));
      } catch (java.nio.file.NoSuchFileException e) {
        // deleted by the retention limit, or rolled, since it was listed
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  private static List<Path> rolled(Path dir, String name) {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().startsWith(name + ".")
          && !p.getFileName().toString().equals(name + ".log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return each file of name with its size and the numbers of its lines containing marker */
  private static String describe(Path dir, String name, String marker) {
    StringBuilder text = new StringBuilder();
    List<Path> files = new ArrayList<>(rolled(dir, name));
    files.add(dir.resolve(name + ".log"));
    for (Path file : files) {
      text.append("\n  ").append(file.getFileName()).append(' ').append(file.toFile().length());
      try {
        for (String line : Files.readAllLines(file)) {
          int at = line.indexOf(marker);
          if (at >= 0) {
            text.append(' ').append(line, at + marker.length(), line.indexOf(' ', at
                + marker.length()));
          }
        }
      } catch (IOException e) {
        text.append(" (").append(e).append(')');
      }
    }
    return text.toString();
  }

  private static long size(List<Path> files) {
    return files.stream().mapToLong(p -> p.toFile().length()).sum();
  }
}

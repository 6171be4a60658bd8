package io.clusterkit.launcher.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.launcher.LogOptions;
import io.clusterkit.launcher.junit.Await;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The files of -log-dir written through real Logback appenders: one file per slot whatever the
 * generation, the launcher's own log in launcher.log, JSON lines, and rolling by size with the
 * total size cap holding.
 */
@Timeout(60)
class LogFilesTest {

  @TempDir
  Path dir;

  private LogFiles files;

  @AfterEach
  void close() {
    if (files != null) {
      files.close();
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyGenerationOfASlotWritesItsOneFileWithTimePidAndGen() throws IOException {
    files = LogFiles.open(new LogOptions(dir));
    files.lines(0, 1, 100, false).accept("INFO  App - first process");
    files.lines(0, 2, 200, true).accept("INFO  App - its replacement");
    files.lines(1, 1, 300, false).accept("INFO  App - another slot");
    assertThat(lines(dir.resolve("worker-0.log"))).satisfiesExactly(
        l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
            + "slot=0 pid=100 gen=1 INFO  App - first process"),
        l -> assertThat(l).endsWith(" slot=0 pid=200 gen=2 INFO  App - its replacement"));
    assertThat(lines(dir.resolve("worker-1.log"))).singleElement().asString()
        .endsWith("slot=1 pid=300 gen=1 INFO  App - another slot");
  }

  @Test
  void theLaunchersOwnLogGoesToLauncherLog() throws IOException {
    files = LogFiles.open(new LogOptions(dir));
    LoggerFactory.getLogger("io.clusterkit.launcher.Supervisor").info("slot {} READY", 3);
    assertThat(lines(dir.resolve("launcher.log"))).anySatisfy(l -> assertThat(l)
        .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} "
            + "INFO  Supervisor - slot 3 READY"));
    files.close();
    LoggerFactory.getLogger("io.clusterkit.launcher.Supervisor").info("after close");
    assertThat(lines(dir.resolve("launcher.log"))).noneMatch(l -> l.contains("after close"));
  }

  @Test
  void aDirectoryIsWrittenByOneLauncherAtATime() throws IOException {
    files = LogFiles.open(new LogOptions(dir));
    assertThatThrownBy(() -> LogFiles.open(new LogOptions(dir)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("another launcher writes its logs there");
    files.close();
    files = LogFiles.open(new LogOptions(dir));
    assertThat(Files.readString(dir.resolve(LogFiles.LOCK)).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void jsonLinesAreObjectsWithTimeLevelSlotGenPidLoggerAndMessage() throws IOException {
    files = LogFiles.open(new LogOptions(dir).setFormat("json"));
    files.lines(2, 4, 400, false).accept("printed by the verticle");
    LoggerFactory.getLogger("io.clusterkit.launcher.Supervisor").warn("slot {} slow", 2);
    JsonObject worker = new JsonObject(lines(dir.resolve("worker-2.log")).get(0));
    assertThat(worker.getLong("timestamp")).isPositive();
    assertThat(worker.getString("level")).isEqualTo("INFO");
    assertThat(worker.getInteger("slot")).isEqualTo(2);
    assertThat(worker.getInteger("gen")).isEqualTo(4);
    assertThat(worker.getLong("pid")).isEqualTo(400L);
    assertThat(worker.getString("loggerName")).isEqualTo("stdout");
    assertThat(worker.getString("formattedMessage")).isEqualTo("printed by the verticle");
    JsonObject launcher = lines(dir.resolve("launcher.log")).stream().map(JsonObject::new)
        .filter(j -> "slot 2 slow".equals(j.getString("formattedMessage"))).findFirst()
        .orElseThrow();
    assertThat(launcher.getString("level")).isEqualTo("WARN");
    assertThat(launcher.getString("loggerName")).isEqualTo("io.clusterkit.launcher.Supervisor");
    assertThat(launcher.getLong("timestamp")).isPositive();
  }

  @Test
  void aFilePastItsMaximumSizeIsRolledAndRolledFilesStayUnderTheCap() throws IOException {
    long cap = 4 * 1024;
    files = LogFiles.open(new LogOptions(dir).setMaxFileSize(1024).setTotalSizeCap(cap));
    Consumer<String> slot = files.lines(0, 1, 100, false);
    String filler = "x".repeat(100);
    for (int i = 0; i < 400; i++) {
      slot.accept(i + " " + filler);
    }
    List<Path> rolled = Await.until(Duration.ofSeconds(20), () -> rolled("worker-0"),
        r -> r.size() >= 2 && size(r) <= cap
            && r.stream().noneMatch(p -> p.toString().endsWith(".0.log")),
        "rolled files of worker-0 holding at most " + cap + " bytes in all, the first deleted");
    assertThat(rolled).allSatisfy(p -> assertThat(p.getFileName().toString())
        .matches("worker-0\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log"));
    assertThat(Files.size(dir.resolve("worker-0.log"))).as("the active file")
        .isLessThan(1024 + 200);
    assertThat(lines(dir.resolve("worker-0.log"))).last().asString().contains("399 " + filler);
  }

  @Test
  void aFollowerSeesEveryLineOnceInOrderWhileTheFileRollsUnderIt() throws Exception {
    files = LogFiles.open(new LogOptions(dir).setMaxFileSize(1024).setTotalSizeCap(1 << 20));
    Consumer<String> slot = files.lines(0, 1, 100, false);
    slot.accept("first");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    try (LogFollower follower = new LogFollower(dir.resolve("worker-0.log"), seen::add, true)) {
      // polls as fast as it can, so it meets the file in every state of a roll
      Thread reader = new Thread(() -> {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
          while (!stop.get() && System.nanoTime() < deadline) {
            follower.poll();
          }
        } catch (IOException e) {
          seen.add("failed: " + e);
        }
      });
      reader.start();
      for (int i = 0; i < 3000; i++) {
        slot.accept("line " + i + " " + "y".repeat(40));
      }
      Await.until(Duration.ofSeconds(30), seen::size, n -> n >= 3000,
          () -> "3000 lines followed; missing " + missing(seen));
      stop.set(true);
      reader.join(10_000);
    }
    assertThat(rolled("worker-0")).as("rolled files, none deleted").hasSizeGreaterThan(100);
    assertThat(seen.stream().map(l -> l.split(" ")[6]).toList()).as("line numbers followed")
        .containsExactlyElementsOf(IntStream.range(0, 3000).mapToObj(Integer::toString).toList());
  }

  private static String missing(List<String> seen) {
    Set<String> numbers = new HashSet<>();
    List.copyOf(seen).forEach(l -> numbers.add(l.split(" ")[6]));
    return IntStream.range(0, 3000).mapToObj(Integer::toString)
        .filter(n -> !numbers.contains(n)).toList().toString();
  }

  private List<Path> rolled(String name) {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().startsWith(name + ".")
          && !p.getFileName().toString().equals(name + ".log")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(List<Path> files) {
    return files.stream().mapToLong(p -> {
      try {
        return Files.size(p);
      } catch (IOException e) {
        return 0;
      }
    }).sum();
  }
}

package io.clusterkit.launcher.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.junit.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What logs prints: the last lines of each file (labelled when several are shown), then the
 * new ones, across a roll, and a slot's file that appears later from its first line.
 */
@Timeout(30)
class LogTailTest {

  @TempDir
  Path dir;

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text, true);

  private void append(String file, String lines) throws IOException {
    Files.writeString(dir.resolve(file), lines, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private List<String> printed() {
    return text.toString().lines().toList();
  }

  @Test
  void lastLinesOfEveryFileAreLabelledLauncherFirst() throws IOException {
    append("launcher.log", "l1\nl2\nl3\n");
    append("worker-0.log", "a1\na2\n");
    append("worker-1.log", "b1\n");
    new LogTail(dir, null, out).show(2, false);
    assertThat(printed()).containsExactly("launcher | l2", "launcher | l3", "worker-0 | a1",
        "worker-0 | a2", "worker-1 | b1");
  }

  @Test
  void aFileRolledAMomentAgoGivesItsLastLinesFromTheRolledFiles() throws IOException {
    append("worker-0.2026-12-02.7.log", "x1\nx2\n");
    append("worker-0.2026-12-03.0.log", "y1\n");
    append("worker-0.2026-12-03.1.log", "z1\nz2\n");
    append("worker-0.log", "now\n");
    new LogTail(dir, 0, out).show(5, false);
    assertThat(printed()).containsExactly("x2", "y1", "z1", "z2", "now");
  }

  @Test
  void oneSlotIsPrintedWithoutLabel() throws IOException {
    append("launcher.log", "l1\n");
    append("worker-0.log", "a1\na2\n");
    new LogTail(dir, 0, out).show(15, false);
    assertThat(printed()).containsExactly("a1", "a2");
  }

  @Test
  void followingPrintsNewLinesAcrossARollAndSlotsThatAppear() throws Exception {
    append("worker-0.log", "old\n");
    Thread follower = new Thread(() -> {
      try {
        new LogTail(dir, null, out).show(1, true);
      } catch (IOException e) {
        out.println("failed: " + e);
      }
    });
    follower.start();
    try {
      Await.until(Duration.ofSeconds(10), this::printed, p -> p.contains("worker-0 | old"),
          "the last line first");
      append("worker-0.log", "before roll\n");
      Files.move(dir.resolve("worker-0.log"), dir.resolve("worker-0.2026-12-03.0.log"));
      append("worker-0.log", "after roll\n");
      append("worker-1.log", "new slot\n");
      Await.until(Duration.ofSeconds(10), this::printed, p -> p.containsAll(List.of(
          "worker-0 | before roll", "worker-0 | after roll", "worker-1 | new slot")),
          "the lines around the roll and the new slot's");
    } finally {
      follower.interrupt();
      follower.join(5_000);
    }
    assertThat(follower.isAlive()).as("the follower ends when interrupted").isFalse();
    assertThat(printed()).doesNotHaveDuplicates();
  }
}

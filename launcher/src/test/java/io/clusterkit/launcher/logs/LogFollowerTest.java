package io.clusterkit.launcher.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following a file as tail -F: new lines only, partial lines held back, and across a roll (the
 * file renamed and a new one created under its name) nothing lost, even when the new file has
 * already grown past the old position.
 */
class LogFollowerTest {

  @TempDir
  Path dir;

  private final List<String> seen = new ArrayList<>();

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void fromTheEndGivesOnlyNewCompleteLines() throws IOException {
    Path file = dir.resolve("w.log");
    append(file, "old 1\nold 2\n");
    try (LogFollower follower = new LogFollower(file, seen::add, true)) {
      follower.poll();
      assertThat(seen).isEmpty();
      append(file, "new 1\nnew 2 par");
      follower.poll();
      assertThat(seen).containsExactly("new 1");
      append(file, "tial\n");
      follower.poll();
      assertThat(seen).containsExactly("new 1", "new 2 partial");
    }
  }

  @Test
  void fromTheStartGivesWhatIsThere() throws IOException {
    Path file = dir.resolve("w.log");
    append(file, "a\nb\n");
    try (LogFollower follower = new LogFollower(file, seen::add, false)) {
      follower.poll();
      assertThat(seen).containsExactly("a", "b");
    }
  }

  @Test
  void aFileThatDoesNotExistYetIsReadFromItsStartOnceItDoes() throws IOException {
    Path file = dir.resolve("w.log");
    try (LogFollower follower = new LogFollower(file, seen::add, true)) {
      follower.poll();
      append(file, "first\n");
      follower.poll();
      assertThat(seen).containsExactly("first");
    }
  }

  @Test
  void aRollLosesNoLineEvenWhenTheNewFileIsAlreadyLonger() throws IOException {
    Path file = dir.resolve("w.log");
    append(file, "before\n");
    try (LogFollower follower = new LogFollower(file, seen::add, true)) {
      append(file, "last of old 1\nlast of old 2\n");
      Files.move(file, dir.resolve("w.2026-12-03.0.log"));
      append(file, "new file line that is much longer than the old file ever was: 1\n"
          + "new file line 2\n");
      follower.poll();
      assertThat(seen).containsExactly("last of old 1", "last of old 2",
          "new file line that is much longer than the old file ever was: 1", "new file line 2");
      append(file, "after\n");
      follower.poll();
      assertThat(seen).endsWith("after");
    }
  }

  @Test
  void severalRollsBetweenTwoPollsAreReadInOrderFromTheRolledFiles() throws IOException {
    Path file = dir.resolve("w.log");
    Files.writeString(dir.resolve("w.2026-12-02.12.log"), "rolled before, never read\n");
    append(file, "start\n");
    try (LogFollower follower = new LogFollower(file, seen::add, true)) {
      append(file, "a\n");
      Files.move(file, dir.resolve("w.2026-12-03.9.log"));
      append(file, "b\n");
      Files.move(file, dir.resolve("w.2026-12-03.10.log"));
      append(file, "c\n");
      Files.move(file, dir.resolve("w.2026-12-03.11.log"));
      append(file, "d\n");
      follower.poll();
      assertThat(seen).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void theOldFileDeletedByRetentionHidesNoFileRolledAfterIt() throws IOException {
    Path file = dir.resolve("w.log");
    append(file, "start\n");
    try (LogFollower follower = new LogFollower(file, seen::add, true)) {
      append(file, "a\n");
      Files.move(file, dir.resolve("w.2026-12-03.0.log"));
      append(file, "b\n");
      Files.move(file, dir.resolve("w.2026-12-03.1.log"));
      append(file, "c\n");
      Files.delete(dir.resolve("w.2026-12-03.0.log"));
      follower.poll();
      assertThat(seen).as("a from the open old file, b from its rolled name, c from the new")
          .containsExactly("a", "b", "c");
    }
  }

  @Test
  void aTruncatedFileIsReadAgainFromItsStart() throws IOException {
    Path file = dir.resolve("w.log");
    append(file, "one line that is long enough\n");
    try (LogFollower follower = new LogFollower(file, seen::add, true)) {
      Files.writeString(file, "short\n");
      follower.poll();
      assertThat(seen).containsExactly("short");
    }
  }
}

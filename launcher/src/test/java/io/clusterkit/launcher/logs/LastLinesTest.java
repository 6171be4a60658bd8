package io.clusterkit.launcher.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The last lines of a file, as tail -n: across read blocks, with or without a final newline. */
class LastLinesTest {

  @TempDir
  Path dir;

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("f.log"), content);
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "3, 3", "5, 5", "9, 5"})
  void givesAtMostCountLinesOldestFirst(int count, int expected) throws IOException {
    Path file = file("a\nb\nc\nd\ne\n");
    List<String> all = List.of("a", "b", "c", "d", "e");
    assertThat(LastLines.of(file, count)).containsExactlyElementsOf(
        all.subList(all.size() - expected, all.size()));
  }

  @Test
  void aLastLineWithoutNewlineCounts() throws IOException {
    assertThat(LastLines.of(file("a\nb\nc"), 2)).containsExactly("b", "c");
  }

  @Test
  void anEmptyFileHasNoLines() throws IOException {
    assertThat(LastLines.of(file(""), 5)).isEmpty();
  }

  @Test
  void linesSpanningReadBlocksAreWhole() throws IOException {
    String longLine = "x".repeat(20_000);
    String content = IntStream.range(0, 50).mapToObj(i -> i + " " + longLine)
        .collect(Collectors.joining("\n", "", "\n"));
    List<String> last = LastLines.of(file(content), 3);
    assertThat(last).containsExactly("47 " + longLine, "48 " + longLine, "49 " + longLine);
  }

  @Test
  void utf8IsKept() throws IOException {
    assertThat(LastLines.of(file("premier\nzweite Größe\n最後\n"), 2))
        .containsExactly("zweite Größe", "最後");
  }
}

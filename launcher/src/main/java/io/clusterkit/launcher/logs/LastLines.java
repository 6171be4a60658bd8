package io.clusterkit.launcher.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last lines of a file, read backwards from its end in blocks, so a large file costs only
 * the blocks that hold them, as {@code tail -n}.
 */
public final class LastLines {

  private static final int BLOCK = 8192;

  private LastLines() {
  }

  /**
   * Reads the last lines of a file.
   *
   * @param file the file
   * @param count how many lines, at least 0
   * @return at most count lines, oldest first, without line ends; a last line without a line
   *     end counts as a line
   * @throws IOException when the file cannot be read
   */
  public static List<String> of(Path file, int count) throws IOException {
    return of(file, count, Long.MAX_VALUE);
  }

  /**
   * Reads the last lines of the first bytes of a file (what a follower has not read yet comes
   * after them).
   *
   * @param file the file
   * @param count how many lines, at least 0
   * @param limit how many bytes of the file to look at, from its start
   * @return at most count lines of those bytes, oldest first, without line ends
   * @throws IOException when the file cannot be read
   */
  public static List<String> of(Path file, int count, long limit) throws IOException {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    List<String> lines = new ArrayList<>();
    if (count == 0) {
      return lines;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long end = Math.min(in.length(), limit);
      if (end > 0) {
        in.seek(end - 1);
        if (in.read() == '\n') {
          end--;
        }
      }
      long start = end;
      int newlines = 0;
      byte[] block = new byte[BLOCK];
      // walk back until count line ends are found before the end, or the file starts
      while (start > 0 && newlines < count) {
        int length = (int) Math.min(BLOCK, start);
        in.seek(start - length);
        in.readFully(block, 0, length);
        int i = length - 1;
        for (; i >= 0; i--) {
          if (block[i] == '\n' && ++newlines == count) {
            break;
          }
        }
        start = i >= 0 ? start - length + i + 1 : start - length;
      }
      byte[] tail = new byte[(int) (end - start)];
      in.seek(start);
      in.readFully(tail);
      if (tail.length > 0) {
        Collections.addAll(lines, new String(tail, StandardCharsets.UTF_8).split("\n", -1));
      }
    }
    return lines;
  }
}

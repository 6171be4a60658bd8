package io.clusterkit.launcher.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Follows one log file as {@code tail -F} does: each {@link #poll()} gives the complete lines
 * written since the last one. It keeps the file open, so when Logback rolls the file (renames it
 * and starts a new one under the same name) the lines written to the old file before the roll
 * are still read; then come the files rolled after it, found by their names (the newest rolled
 * file when the old one was opened marks where they start), when several rolls happened between
 * two polls; then the new file from its start. Lines of a file that the retention limit deleted
 * before it was read are lost: a burst larger than the limit, as {@code tail -F} loses them.
 * A roll is told by the file's identity (its inode), not by its size, so a new file that has
 * already grown past the old position is not mistaken for the old one. A file that shrank in
 * place (truncated) is read again from its start.
 */
public final class LogFollower implements AutoCloseable {

  /** The most files read in one poll besides the active one: a bound, rolls never stop. */
  private static final int MAX_ROLLED_PER_POLL = 1000;

  private final Path path;
  private final String name;
  private final Consumer<String> out;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private FileChannel channel;
  private Object identity;
  /** The newest rolled file when the active file was opened: those after it came later. */
  private Path newestRolled;

  /**
   * Follows path.
   *
   * @param path the file; it may not exist yet
   * @param out told each new line, without its line end
   * @param fromEnd whether to skip the lines already in the file (else they are given first)
   * @throws IOException when the file exists and cannot be read
   */
  public LogFollower(Path path, Consumer<String> out, boolean fromEnd) throws IOException {
    this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    String file = this.path.getFileName().toString();
    this.name = file.endsWith(".log") ? file.substring(0, file.length() - 4) : file;
    this.out = Objects.requireNonNull(out, "out");
    if (open() && fromEnd) {
      channel.position(channel.size());
    }
  }

  /**
   * @return how far the current file has been read (the lines before are not given), 0 while
   *     the file does not exist
   * @throws IOException when the file cannot be read
   */
  public long position() throws IOException {
    return channel == null ? 0 : channel.position();
  }

  /** @return the followed file */
  public Path path() {
    return path;
  }

  /**
   * Gives the lines written since the last poll, across a roll of the file.
   *
   * @throws IOException when the file cannot be read
   */
  public void poll() throws IOException {
    if (channel == null && !open()) {
      return;
    }
    readToEnd();
    Object now = identityOf(path);
    if (now != null && !now.equals(identity)) {
      // rolled: the old file is complete now (its writer moved on), the new one starts at 0
      readToEnd();
      flushPartial();
      channel.close();
      channel = null;
      afterRoll(identity);
    } else if (now != null && channel.size() < channel.position()) {
      channel.position(0);
      partial.reset();
      readToEnd();
    }
  }

  /**
   * Reads the files rolled since the active file was opened (but the old one, read already),
   * then opens the new active file. They are told by their rank against the newest rolled file
   * when the old one was opened, so a rolled file deleted meanwhile by the retention limit (the
   * old one, say) does not hide those after it.
   */
  private void afterRoll(Object old) throws IOException {
    Set<Object> read = new HashSet<>();
    read.add(old);
    for (int round = 0; round < MAX_ROLLED_PER_POLL; round++) {
      List<Path> listed = RollingFiles.rolled(path.getParent(), name);
      for (Path file : rolledAfter(listed, newestRolled)) {
        if (read.add(identityOf(file))) {
          readWhole(file);
        }
      }
      Path newest = listed.isEmpty() ? newestRolled : listed.get(listed.size() - 1);
      if (!openChannel()) {
        newestRolled = newest;
        return;
      }
      // a roll between the listing and the open left a file to read before the new one
      boolean missed = false;
      for (Path file : rolledAfter(RollingFiles.rolled(path.getParent(), name), newest)) {
        Object id = identityOf(file);
        missed |= id != null && !read.contains(id) && !id.equals(identity);
      }
      newestRolled = newest;
      if (!missed) {
        readToEnd();
        return;
      }
      channel.close();
      channel = null;
    }
  }

  /** @return the listed files ranked after mark, all of them when mark is null */
  private static List<Path> rolledAfter(List<Path> listed, Path mark) {
    if (mark == null) {
      return listed;
    }
    RollingFiles.Rank after = RollingFiles.Rank.of(mark);
    List<Path> files = new ArrayList<>();
    for (Path file : listed) {
      if (RollingFiles.Rank.of(file).compareTo(after) > 0) {
        files.add(file);
      }
    }
    return files;
  }

  private void readWhole(Path file) throws IOException {
    try (FileChannel rolled = FileChannel.open(file, StandardOpenOption.READ)) {
      FileChannel active = channel;
      channel = rolled;
      try {
        readToEnd();
        flushPartial();
      } finally {
        channel = active;
      }
    } catch (NoSuchFileException e) {
      // deleted by the retention limit since it was listed
    }
  }

  /** Opens the active file, noting first the newest rolled file (older than it). */
  private boolean open() throws IOException {
    List<Path> listed = RollingFiles.rolled(path.getParent(), name);
    Path newest = listed.isEmpty() ? null : listed.get(listed.size() - 1);
    if (!openChannel()) {
      return false;
    }
    newestRolled = newest;
    return true;
  }

  private boolean openChannel() throws IOException {
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    identity = identityOf(path);
    return true;
  }

  private static Object identityOf(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return key != null ? key : attributes.creationTime();
    } catch (IOException e) {
      return null;
    }
  }

  private void readToEnd() throws IOException {
    while (true) {
      buffer.clear();
      int read = channel.read(buffer);
      if (read <= 0) {
        return;
      }
      byte[] bytes = buffer.array();
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          out.accept(partial.toString(StandardCharsets.UTF_8));
          partial.reset();
        } else {
          partial.write(bytes[i]);
        }
      }
    }
  }

  private void flushPartial() {
    if (partial.size() > 0) {
      out.accept(partial.toString(StandardCharsets.UTF_8));
      partial.reset();
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }
}

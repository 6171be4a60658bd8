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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows one log file as {@code tail -F} does: each {@link #poll()} gives the complete lines
 * written since the last one. It keeps the file open, so when Logback rolls the file (renames it
 * and starts a new one under the same name) the lines written to the old file before the roll
 * are still read; then come the files rolled after it (when several rolls happened between two
 * polls), every rolled file not read yet, known by its name; then the new file from its start.
 * Lines of a file that the retention limit deleted before it was read are lost: a burst larger
 * than the limit, as {@code tail -F} loses them. A roll is told by the file's identity (its
 * inode), not by its size, so a new file that has already grown past the old position is not
 * mistaken for the old one. A file that shrank in place (truncated) is read again from its
 * start.
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
  /**
   * The rolled files read, or there before the following began, by name: a rolled file keeps
   * its name, and Logback never gives one name twice (the index grows), where an inode number
   * may be given again once a file is deleted.
   */
  private final Set<String> done = new HashSet<>();
  /** Whether a file was opened once: from then on, every rolled file not done is read. */
  private boolean followed;

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
    if (channel == null) {
      if (followed) {
        // the active file was missing at the last roll (renamed, not created again yet): what
        // was rolled since counts from the mark, not from a new one
        afterRoll(identity);
      } else {
        open();
      }
      if (channel == null) {
        return;
      }
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
   * Reads every rolled file not done yet, oldest first (the old file, drained already through
   * its open channel, is only marked done), then opens the new active file; when a roll came
   * between the listing and the open, it starts again so no file is skipped.
   */
  private void afterRoll(Object old) throws IOException {
    for (int round = 0; round < MAX_ROLLED_PER_POLL; round++) {
      List<Path> listed = RollingFiles.rolled(path.getParent(), name);
      for (Path file : listed) {
        String rolled = file.getFileName().toString();
        if (done.add(rolled) && !Objects.equals(identityOf(file), old)) {
          readWhole(file);
        }
      }
      forgetDeleted(listed);
      if (!openChannel()) {
        return;
      }
      boolean missed = false;
      for (Path file : RollingFiles.rolled(path.getParent(), name)) {
        missed |= !done.contains(file.getFileName().toString())
            && !Objects.equals(identityOf(file), identity);
      }
      if (!missed) {
        readToEnd();
        return;
      }
      // closed unread: this file is not drained, so it must not be skipped once it is rolled
      channel.close();
      channel = null;
      identity = null;
    }
  }

  /** Keeps done to the files still listed, so it stays as small as the retention keeps them. */
  private void forgetDeleted(List<Path> listed) {
    Set<String> names = new HashSet<>();
    listed.forEach(file -> names.add(file.getFileName().toString()));
    done.retainAll(names);
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

  /** Opens the active file the first time: the rolled files there are past, so done. */
  private boolean open() throws IOException {
    if (!openChannel()) {
      return false;
    }
    RollingFiles.rolled(path.getParent(), name)
        .forEach(file -> done.add(file.getFileName().toString()));
    followed = true;
    return true;
  }

  /**
   * Opens the active file and learns its identity: the same before and after the open, else a
   * roll came between the two and the open is tried again (an identity read after the open alone
   * could be the next file's, and that file would later be taken as read).
   */
  private boolean openChannel() throws IOException {
    for (int attempt = 0; attempt < MAX_ROLLED_PER_POLL; attempt++) {
      Object before = identityOf(path);
      try {
        channel = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return false;
      }
      Object after = identityOf(path);
      if (before != null && before.equals(after)) {
        identity = after;
        return true;
      }
      channel.close();
      channel = null;
    }
    return false;
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

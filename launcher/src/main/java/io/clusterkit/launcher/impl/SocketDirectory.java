package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.admin.ProcessIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The launcher's private directory (mode 0700) holding the workers' Unix domain sockets: no
 * other local user can connect to a worker, so nobody can bypass the launcher or forge the PROXY
 * header that tells a worker who its client is. It holds an {@value #OWNER} file naming the
 * launcher (pid and start time), so that a later launcher of the same user can remove it once
 * that launcher is gone, killed with {@code kill -9} before it could remove it itself.
 */
final class SocketDirectory {

  /** The file naming the launcher that owns a socket directory: "PID STARTED_MILLIS". */
  static final String OWNER = "launcher.pid";
  /** A directory without an owner file is left alone this long (a launcher is creating it). */
  private static final long UNOWNED_GRACE_MILLIS = 60 * 60_000L;
  /** The name of a socket directory: createTempDirectory's random number after the prefix. */
  private static final Pattern NAME = Pattern.compile("clusterkit-[0-9]+");
  /** What a socket directory holds besides its owner file: the workers' sockets. */
  private static final Pattern SOCKET = Pattern.compile("w[0-9]+-[0-9]+(-health)?\\.sock");

  private final Path path;

  private SocketDirectory(Path path) {
    this.path = path;
  }

  static SocketDirectory create() throws IOException {
    Path dir = Files.createTempDirectory(parent(), "clusterkit-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    ProcessIdentity self = ProcessIdentity.current();
    Files.writeString(dir.resolve(OWNER), self.pid() + " " + self.startedMillis()
        + (self.pidNamespace() == null ? "" : " " + self.pidNamespace()) + "\n",
        StandardCharsets.US_ASCII);
    return new SocketDirectory(dir);
  }

  /** @return where socket directories are made: $XDG_RUNTIME_DIR, else the temporary directory */
  static Path parent() {
    String base = System.getenv("XDG_RUNTIME_DIR");
    return base != null && Files.isDirectory(Path.of(base))
        ? Path.of(base) : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * Removes the socket directories in parent that this user's launchers no longer use: those
   * whose owner file names a process that is gone (or whose pid another process now has), and
   * those from before owner files (or whose owner file was never written) on which no socket
   * of this machine is bound any more, once unchanged for an hour.
   *
   * @param parent where socket directories are made
   * @param boundSockets the paths of the Unix domain sockets bound now (/proc/net/unix)
   * @param nowMillis the wall-clock time now
   * @return the directories removed
   */
  static List<Path> sweep(Path parent, Set<String> boundSockets, long nowMillis) {
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, "clusterkit-*")) {
      for (Path dir : dirs) {
        if (NAME.matcher(dir.getFileName().toString()).matches()
            && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && mine(dir)
            && abandoned(dir, boundSockets, nowMillis)) {
          new SocketDirectory(dir).delete();
          if (!Files.exists(dir)) {
            removed.add(dir);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return removed;
    }
    return removed;
  }

  /** @return the paths of every Unix domain socket bound on this machine now */
  static Set<String> boundSockets() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/net/unix"))) {
      return lines.skip(1).map(line -> line.split("\\s+"))
          .filter(fields -> fields.length >= 8 && fields[7].startsWith("/"))
          .map(fields -> fields[7]).collect(java.util.stream.Collectors.toSet());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean mine(Path dir) {
    try {
      return Files.getOwner(dir).getName().equals(System.getProperty("user.name"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean abandoned(Path dir, Set<String> boundSockets, long nowMillis)
      throws IOException {
    Path owner = dir.resolve(OWNER);
    if (Files.isRegularFile(owner)) {
      String[] fields = Files.readString(owner, StandardCharsets.US_ASCII).trim().split(" ");
      try {
        long started = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
        return !(fields.length > 2
            ? new ProcessIdentity(Long.parseLong(fields[0]), started, fields[2])
            : new ProcessIdentity(Long.parseLong(fields[0]), started)).running();
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (boundSockets == null
        || nowMillis - Files.getLastModifiedTime(dir).toMillis() < UNOWNED_GRACE_MILLIS) {
      return false;
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(file -> names.add(file.getFileName().toString()));
    }
    if (names.isEmpty() || !names.stream().allMatch(name -> SOCKET.matcher(name).matches())) {
      return false; // not recognisably a launcher's: leave it
    }
    String prefix = dir.toString() + "/";
    return boundSockets.stream().noneMatch(path -> path.startsWith(prefix));
  }

  Path path() {
    return path;
  }

  void delete() {
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // already gone, or not ours to remove any more
    }
  }
}

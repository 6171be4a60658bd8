package io.clusterkit.launcher.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The launcher's private directory (mode 0700) holding the workers' Unix domain sockets: no
 * other local user can connect to a worker, so nobody can bypass the launcher or forge the PROXY
 * header that tells a worker who its client is.
 */
final class SocketDirectory {

  private final Path path;

  private SocketDirectory(Path path) {
    this.path = path;
  }

  static SocketDirectory create() throws IOException {
    String base = System.getenv("XDG_RUNTIME_DIR");
    Path parent = base != null && Files.isDirectory(Path.of(base))
        ? Path.of(base) : Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = Files.createTempDirectory(parent, "clusterkit-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return new SocketDirectory(dir);
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

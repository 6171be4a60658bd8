package io.clusterkit.launcher.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where running launchers leave how to reach their admin API: one JSON file per launcher, named
 * after it, holding its pid, public port, admin port and token, in a directory only its user can
 * enter (0700; each file 0600). The control commands find a launcher here by name or public port.
 * The directory is {@value #ENV} when set, else {@code ~/.clusterkit/run}.
 */
public final class LauncherRegistry {

  /** The environment variable that moves the registry (tests, several users of one account). */
  public static final String ENV = "CLUSTERKIT_RUN_DIR";

  private final Path dir;

  /**
   * A registry in dir.
   *
   * @param dir the registry directory; created on first write
   */
  public LauncherRegistry(Path dir) {
    this.dir = dir;
  }

  /**
   * The registry this process uses.
   *
   * @param env the process environment
   * @return the registry of {@value #ENV}, else of {@code ~/.clusterkit/run}
   */
  public static LauncherRegistry of(Map<String, String> env) {
    String configured = env.get(ENV);
    return new LauncherRegistry(configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".clusterkit", "run"));
  }

  /** @return the directory */
  public Path dir() {
    return dir;
  }

  /**
   * One running launcher, as its file says.
   *
   * @param name its name
   * @param pid its process id
   * @param port its public port
   * @param adminPort the port of its admin API on 127.0.0.1
   * @param token the admin token
   * @param startedMillis when its process started, in epoch milliseconds (0 when unknown):
   *     tells it from a later process that reuses its pid
   * @param pidNamespace the PID namespace its pid belongs to (null when unknown): a launcher in
   *     a container's namespace is not judged by this namespace's process of the same pid
   */
  public record Entry(String name, long pid, int port, int adminPort, String token,
      long startedMillis, String pidNamespace) {

    /**
     * An entry of a process of this PID namespace.
     *
     * @param name its name
     * @param pid its process id
     * @param port its public port
     * @param adminPort the port of its admin API on 127.0.0.1
     * @param token the admin token
     * @param startedMillis when its process started, in epoch milliseconds (0 when unknown)
     */
    public Entry(String name, long pid, int port, int adminPort, String token,
        long startedMillis) {
      this(name, pid, port, adminPort, token, startedMillis, ProcessIdentity.ownNamespace());
    }

    /**
     * An entry of a process whose start time is looked up now (0 when it is gone).
     *
     * @param name its name
     * @param pid its process id
     * @param port its public port
     * @param adminPort the port of its admin API on 127.0.0.1
     * @param token the admin token
     */
    public Entry(String name, long pid, int port, int adminPort, String token) {
      this(name, pid, port, adminPort, token, ProcessHandle.of(pid).map(ProcessIdentity::of)
          .map(ProcessIdentity::startedMillis).orElse(0L));
    }

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("pid", pid).put("port", port)
          .put("adminPort", adminPort).put("token", token).put("started", startedMillis)
          .put("pidNamespace", pidNamespace);
    }

    static Entry fromJson(JsonObject json) {
      return new Entry(json.getString("name"), json.getLong("pid"), json.getInteger("port"),
          json.getInteger("adminPort"), json.getString("token"), json.getLong("started", 0L),
          json.getString("pidNamespace"));
    }

    /** @return whether its process still runs (a reused pid is told apart by its start time) */
    public boolean alive() {
      return new ProcessIdentity(pid, startedMillis, pidNamespace).running();
    }
  }

  /**
   * Records a launcher, replacing a stale file of the same name.
   *
   * @param entry the launcher
   * @throws IOException when the file cannot be written, or a live launcher has that name
   */
  public void register(Entry entry) throws IOException {
    Optional<Entry> existing = read(file(entry.name()));
    if (existing.isPresent() && existing.get().alive() && existing.get().pid() != entry.pid()) {
      throw new IOException("a launcher named '" + entry.name() + "' is already running (pid "
          + existing.get().pid() + "); choose another -name");
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path temp = Files.createTempFile(dir, entry.name(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, entry.toJson().encodePrettily(), StandardCharsets.UTF_8);
    try {
      Files.move(temp, file(entry.name()), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file(entry.name()), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Removes a launcher's file, if it is still this process's.
   *
   * @param name the launcher's name
   * @param pid the launcher's pid
   */
  public void unregister(String name, long pid) {
    Path file = file(name);
    if (read(file).map(e -> e.pid() == pid).orElse(false)) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // left behind: readers skip entries whose process is gone
      }
    }
  }

  /** @return every launcher whose process still runs, by name */
  public List<Entry> running() {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        read(file).filter(Entry::alive).ifPresent(entries::add);
      }
    } catch (IOException e) {
      return entries;
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  /**
   * Removes what launchers that no longer run left behind: their entries (the process is gone,
   * or its pid now belongs to another process) and temporary files of a write that never ended.
   * Entries it cannot read are left alone.
   *
   * @return the names of the entries removed
   */
  public List<String> sweep() {
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    long oldTemp = System.currentTimeMillis() - 60_000;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        try {
          if (fileName.endsWith(".json")) {
            Optional<Entry> entry = read(file);
            if (entry.isPresent() && !entry.get().alive()) {
              Files.deleteIfExists(file);
              removed.add(entry.get().name());
            }
          } else if (fileName.endsWith(".tmp")
              && Files.getLastModifiedTime(file).toMillis() < oldTemp) {
            Files.deleteIfExists(file);
          }
        } catch (IOException e) {
          // another user's or already gone: the next sweep tries again
        }
      }
    } catch (IOException e) {
      return removed;
    }
    return removed;
  }

  /**
   * Finds the launcher a control command means.
   *
   * @param name its name, or null
   * @param port its public port, or 0
   * @return the launcher
   * @throws IllegalArgumentException saying what is running when none or several match
   */
  public Entry find(String name, int port) {
    List<Entry> running = running();
    List<Entry> matching = running.stream()
        .filter(e -> name == null || e.name().equals(name))
        .filter(e -> port == 0 || e.port() == port)
        .toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    String known = running.isEmpty() ? "none is running (registry " + dir + ")"
        : "running: " + String.join(", ", running.stream()
            .map(e -> e.name() + " (port " + e.port() + ", pid " + e.pid() + ")").toList());
    if (matching.isEmpty()) {
      throw new IllegalArgumentException("no launcher " + (name != null ? "named '" + name + "'"
          : port != 0 ? "on port " + port : "found") + "; " + known);
    }
    throw new IllegalArgumentException("several launchers are running; choose one with -name or "
        + "-port; " + known);
  }

  private Path file(String name) {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', was '"
          + name + "'");
    }
    return dir.resolve(name + ".json");
  }

  private static Optional<Entry> read(Path file) {
    try {
      return Optional.of(Entry.fromJson(new JsonObject(Files.readString(file))));
    } catch (IOException | DecodeException | NullPointerException | ClassCastException e) {
      return Optional.empty();
    }
  }
}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.process.WorkerOutput;
import io.clusterkit.verticles.protocol.WorkerEnv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class-data sharing (AppCDS) archives for worker JVMs: a worker of a classpath that has an
 * archive maps the classes a worker of that classpath loaded before it, instead of loading,
 * parsing and verifying them again (workers are READY 2-20 % sooner here). The
 * first worker started for a classpath with no archive records one, just before it reports
 * READY (see {@code ClassArchiveWriter}); every later start of the same classpath (crash
 * restarts, the rest of a reload, scale-ups, the next launch) uses it.
 *
 * <p>An archive is named after a hash of the JVM (its home and version) and of every classpath
 * entry's path, size and modification time, so a rebuilt jar or another JDK gets a new archive,
 * and the JVM's own check ({@code -Xshare:auto}) turns down one that does not match rather than
 * failing. Archives need a classpath of jar files only, and are skipped when the worker options
 * already choose their own sharing flags. The directory must belong to this user and be closed to
 * others (an archive holds class data the worker trusts); it keeps the {@value #KEEP} most recent
 * archives.
 *
 * <p>Workers on a JDK with the one-step AOT cache (Java 25+, {@link WorkerJvm#aotCache()}) get
 * an AOT cache ({@code .aot}) in place of the archive: the first worker of a classpath trains
 * with {@code -XX:AOTCacheOutput}, and the JVM writes the cache (classes loaded and linked,
 * method profiles) when that worker exits normally (a stop, a reload, a scale-down); the launcher
 * then moves it into place, and later workers start with {@code -XX:AOTCache}. A training worker
 * killed before its JVM wrote the cache leaves none, and the next worker of the classpath trains
 * again. Used on the launcher's context; {@link #describe()} may be called from any thread.
 */
final class ClassArchives {

  /** How many archives the directory keeps. */
  static final int KEEP = 8;
  /** The environment variable that moves the archive directory (tests, shared build hosts). */
  static final String ENV = "CLUSTERKIT_CDS_DIR";

  private static final Logger log = LoggerFactory.getLogger(ClassArchives.class);
  private static final String QUIET = "-Xlog:cds*=error";
  private static final String QUIET_AOT = "-Xlog:aot*=error,cds*=error";
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  /** What one worker start adds to its command line and environment. */
  record Plan(List<String> jvmOptions, Map<String, String> environment) {

    static final Plan NONE = new Plan(List.of(), Map.of());

    boolean records() {
      return environment.containsKey(WorkerEnv.CLASS_ARCHIVE);
    }
  }

  private record Worker(int slot, int gen) {
  }

  private final Path dir;
  private final String jvm;
  /** Whether workers use the JDK's AOT cache in place of a dynamic archive. */
  private final boolean aot;
  private final Map<Worker, Path> recorders = new HashMap<>();
  private final Set<Path> failed = new HashSet<>();
  /** The archives this launcher's workers wrote, oldest first, with the worker that wrote each. */
  private final Map<Path, Worker> written = new LinkedHashMap<>();
  /** The archive each worker was given to map, the latest 64 workers. */
  private final Map<Worker, Path> users = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Worker, Path> eldest) {
      return size() > 64;
    }
  };
  /** Archives a worker's JVM refused, with its reason and the worker: not given out again. */
  private final Map<Path, JsonObject> refused = new LinkedHashMap<>();
  private boolean warned;
  /** Why archives are off though the options ask for them, or null. */
  private String offReason;

  /**
   * @param dir the archive directory, null for none
   * @param javaHome the workers' JVM home
   * @param javaVersion its version, as {@code java.vm.version} says
   */
  ClassArchives(Path dir, String javaHome, String javaVersion) {
    this(dir, javaHome, javaVersion, false);
  }

  /**
   * @param dir the archive directory, null for none
   * @param javaHome the workers' JVM home
   * @param javaVersion its version, as {@code java.vm.version} says
   * @param aot whether the workers' JDK has the one-step AOT cache, used in place of archives
   */
  ClassArchives(Path dir, String javaHome, String javaVersion, boolean aot) {
    this.dir = dir;
    this.jvm = javaHome + "\n" + javaVersion;
    this.aot = aot;
  }

  /**
   * Archives off for a reason the options do not show (the workers' JDK cannot record them).
   *
   * @param reason one line for {@code status}
   * @return archives that plan nothing
   */
  static ClassArchives off(String reason) {
    ClassArchives off = new ClassArchives(null, "", "");
    off.offReason = reason;
    return off;
  }

  /**
   * @param env the process environment
   * @return {@value #ENV} when set, else {@code ~/.clusterkit/cds}
   */
  static Path defaultDir(Map<String, String> env) {
    String configured = env.get(ENV);
    return configured != null && !configured.isBlank() ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".clusterkit", "cds");
  }

  /**
   * What the start of worker (slot, gen) adds: the archive when there is one; else, when no
   * other worker is recording it and no recording of it failed, the flags that make this worker
   * record it; else nothing.
   *
   * @param classpath the worker's classpath entries
   * @param workerOptions the user's JVM options for workers
   */
  synchronized Plan plan(int slot, int gen, List<String> classpath,
      List<String> workerOptions) {
    if (dir == null || choosesSharing(workerOptions)) {
      return Plan.NONE;
    }
    Path archive;
    try {
      archive = archiveFor(classpath, aot ? workerOptions : List.of());
    } catch (IOException e) {
      log.debug("no class archive: {}", e.getMessage());
      return Plan.NONE;
    }
    if (archive == null || !usableDir()) {
      return Plan.NONE;
    }
    if (refused.containsKey(archive)) {
      return Plan.NONE; // the JVM would refuse it again: workers start without, as it did
    }
    if (Files.isRegularFile(archive)) {
      users.put(new Worker(slot, gen), archive);
      return new Plan(List.of((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive,
          aot ? QUIET_AOT : QUIET), Map.of());
    }
    if (slot < 0 || recorders.containsValue(archive) || failed.contains(archive)) {
      return Plan.NONE; // a spare (slot -1) never records: it may wait hours before READY
    }
    recorders.put(new Worker(slot, gen), archive);
    if (aot) {
      log.info("slot {} gen {} - will train the AOT cache {}, written when it exits", slot, gen,
          archive.getFileName());
      return new Plan(List.of("-XX:AOTCacheOutput=" + training(archive, slot, gen), QUIET_AOT),
          Map.of());
    }
    log.info("slot {} gen {} - will record the class archive {}", slot, gen,
        archive.getFileName());
    return new Plan(List.of("-XX:+RecordDynamicDumpInfo", QUIET),
        Map.of(WorkerEnv.CLASS_ARCHIVE, archive.toString()));
  }

  /**
   * Worker (slot, gen) is READY or has exited: if it was recording, its archive is written by
   * now or will not be.
   */
  synchronized void ended(int slot, int gen) {
    if (aot) {
      return; // an AOT cache is written at the training worker's exit: see exited
    }
    settle(slot, gen);
  }

  /**
   * Worker (slot, gen) has exited: a training worker's AOT cache is written by now if it ever
   * will be, and moves into place; a dynamic archive was settled at READY already.
   *
   * @param clean whether it exited with code 0 (a training worker that did, yet left no cache,
   *     cannot write one: no other worker of its classpath trains; after a kill one may)
   */
  synchronized void exited(int slot, int gen, boolean clean) {
    Path archive = recorders.get(new Worker(slot, gen));
    if (aot && archive != null) {
      Path trained = training(archive, slot, gen);
      try {
        if (Files.isRegularFile(trained) && Files.size(trained) > 0) {
          Files.move(trained, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          log.info("slot {} gen {} - wrote the AOT cache {} ({} MB)", slot, gen,
              archive.getFileName(), Files.size(archive) >> 20);
        } else if (!clean) {
          recorders.remove(new Worker(slot, gen));
          log.info("slot {} gen {} - exited before its JVM wrote the AOT cache; the next worker "
              + "of this classpath trains it", slot, gen);
          return;
        }
      } catch (IOException e) {
        log.info("slot {} gen {} - cannot move the AOT cache into place: {}", slot, gen,
            e.getMessage());
      }
    }
    settle(slot, gen);
  }

  /**
   * The workers' output, watched for the JVM's refusal of the archive or cache it was given
   * (see {@link ArchiveFiles#refusals}).
   *
   * @param output where the lines go, unchanged
   * @return the same output, watched
   */
  WorkerOutput watching(WorkerOutput output) {
    return ArchiveFiles.refusals(output, this::refused);
  }

  /** Worker (slot, gen)'s JVM said why it cannot use its archive: the first reason counts. */
  synchronized void refused(int slot, int gen, String reason) {
    Path archive = users.get(new Worker(slot, gen));
    if (archive == null || refused.containsKey(archive)) {
      return;
    }
    refused.put(archive, archive(archive, new Worker(slot, gen)).put("reason", reason));
    log.warn("slot {} gen {} - its JVM refused the class archive {}: {}; later workers of this "
        + "classpath start without it", slot, gen, archive.getFileName(), reason);
  }

  /** Where a training worker's JVM writes its AOT cache, moved into place at its exit. */
  private static Path training(Path archive, int slot, int gen) {
    String name = archive.getFileName().toString();
    return archive.resolveSibling(name.substring(0, name.length() - ".aot".length())
        + "-s" + slot + "g" + gen + ".tmp");
  }

  private void settle(int slot, int gen) {
    Path archive = recorders.remove(new Worker(slot, gen));
    if (archive == null) {
      return;
    }
    if (Files.isRegularFile(archive)) {
      written.put(archive, new Worker(slot, gen));
      if (written.size() > KEEP) {
        written.remove(written.keySet().iterator().next());
      }
      ArchiveFiles.prune(dir, KEEP, STALE_TEMP);
    } else {
      failed.add(archive);
      log.info("slot {} gen {} - recorded no class archive; workers of this classpath start "
          + "without one", slot, gen);
    }
  }

  /**
   * The archives' state for {@code status}.
   *
   * @return {@code enabled}, {@code dir}, and the archives being recorded ({@code recording}),
   *     written by this launcher's workers and still kept ({@code written}), and whose
   *     recording failed ({@code failed}); each archive as its {@code file} and, but for failed ones, the
   *     {@code slot} and {@code gen} of the worker that records or recorded it
   */
  synchronized JsonObject describe() {
    JsonObject state = new JsonObject()
        .put("enabled", dir != null)
        .put("kind", aot ? "aot-cache" : "dynamic-appcds")
        .put("dir", dir == null ? null : dir.toString());
    if (dir == null) {
      return offReason == null ? state : state.put("reason", offReason);
    }
    JsonArray recording = new JsonArray();
    recorders.forEach((worker, file) -> recording.add(archive(file, worker)));
    JsonArray wrote = new JsonArray();
    written.forEach((file, worker) -> {
      if (Files.isRegularFile(file)) {
        wrote.add(archive(file, worker));
      }
    });
    JsonArray broken = new JsonArray();
    failed.forEach(file -> broken.add(new JsonObject().put("file", file.toString())));
    JsonArray refusals = new JsonArray();
    refused.values().forEach(refusals::add);
    return state.put("recording", recording).put("written", wrote).put("failed", broken)
        .put("refused", refusals);
  }

  private static JsonObject archive(Path file, Worker worker) {
    return new JsonObject().put("file", file.toString())
        .put("slot", worker.slot()).put("gen", worker.gen());
  }

  /**
   * @return the archive of classpath in the directory, or null when an entry is not a jar file
   * @throws IOException when an entry cannot be read
   */
  Path archiveFor(List<String> classpath) throws IOException {
    return archiveFor(classpath, List.of());
  }

  /**
   * @param options JVM options that are part of the key: an AOT cache is refused by a JVM whose
   *     module options (--add-opens, --add-exports, native access) differ from its training run's
   * @return the archive of classpath and options, or null when an entry is not a jar file
   * @throws IOException when an entry cannot be read
   */
  Path archiveFor(List<String> classpath, List<String> options) throws IOException {
    StringBuilder identity = new StringBuilder(jvm);
    for (String option : options) {
      identity.append("\nopt\t").append(option);
    }
    for (String entry : classpath) {
      Path path = Path.of(entry);
      if (!Files.isRegularFile(path)) {
        return null;
      }
      identity.append('\n').append(path.toAbsolutePath()).append('\t').append(Files.size(path))
          .append('\t').append(Files.getLastModifiedTime(path).toMillis());
    }
    return dir.resolve("worker-" + ArchiveFiles.sha256(identity.toString()).substring(0, 24)
        + (aot ? ".aot" : ".jsa"));
  }

  private static boolean choosesSharing(List<String> options) {
    return options.stream().anyMatch(option -> option.startsWith("-Xshare")
        || option.contains("SharedArchiveFile") || option.contains("ArchiveClassesAtExit")
        || option.contains("DynamicDumpInfo") || option.contains("AOTCache")
        || option.contains("AOTMode") || option.contains("AOTConfiguration"));
  }

  /** Creates the directory (0700) if needed; false when it cannot be used safely. */
  private boolean usableDir() {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
      }
      PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      String me = System.getProperty("user.name");
      Set<PosixFilePermission> permissions = attributes.permissions();
      if (!attributes.isDirectory() || !attributes.owner().getName().equals(me)
          || permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
        warnOnce("class archives off: " + dir + " must be a directory of user " + me
            + " that no one else can write to");
        return false;
      }
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      warnOnce("class archives off: cannot use " + dir + ": " + e.getMessage());
      return false;
    }
  }

  private void warnOnce(String message) {
    if (!warned) {
      warned = true;
      log.warn(message);
    }
  }
}

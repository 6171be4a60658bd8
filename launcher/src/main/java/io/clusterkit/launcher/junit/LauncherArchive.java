package io.clusterkit.launcher.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class-data sharing archive of launcher.jar for the launcher JVMs a test suite starts, as the
 * launcher keeps one for its workers: the first launcher of the suite closed after every worker
 * was READY is dumped once, just before it is killed ({@code jcmd PID VM.cds dynamic_dump}, Java
 * 17's way for a JVM that is never stopped normally; the dump holds the JVM at a safepoint for a
 * second or more, which a running test would see as missed heartbeats), and every later launcher
 * maps the archive, so its boot loads Vert.x, Netty and Hazelcast from it. The archive lies
 * beside the jar, named for the jar's size and time and for the JDK, so that a rebuilt jar or
 * another JDK never maps a stale one; the JVM's cds log is off, so that an archive it cannot map
 * changes nothing a test reads.
 * {@code -Dclusterkit.launcher.cds=false} turns it off.
 */
final class LauncherArchive {

  /** The property that turns the archive off when {@code false}. */
  static final String PROPERTY = "clusterkit.launcher.cds";
  /** The JVM's own cds lines (a dump names each class it skips) would mix with the launcher's. */
  private static final String CDS_LOG_OFF = "-Xlog:cds=off,cds+dynamic=off";
  private static final LauncherArchive NONE = new LauncherArchive(null);
  /** Dumps a test JVM tries at most, should they fail (a launcher in another namespace). */
  private static final int MOST_ATTEMPTS = 3;
  private static final AtomicInteger ATTEMPTS = new AtomicInteger();

  private final Path archive;
  private volatile boolean recording;

  private LauncherArchive(Path archive) {
    this.archive = archive;
  }

  /**
   * The archive of a launcher.jar.
   *
   * @param launcherJar the jar the launcher runs, or null when it runs the test's classpath
   * @return the archive, or one that does nothing when there is no jar or it is turned off
   */
  static LauncherArchive of(Path launcherJar) {
    if (launcherJar == null || "false".equals(System.getProperty(PROPERTY))) {
      return NONE;
    }
    try {
      String key = Integer.toHexString(Objects.hash(launcherJar.toString(),
          Files.size(launcherJar), Files.getLastModifiedTime(launcherJar).toMillis(),
          System.getProperty("java.home"), System.getProperty("java.vm.version")));
      return new LauncherArchive(launcherJar.resolveSibling("launcher-cds")
          .resolve("launcher-" + key + ".jsa"));
    } catch (IOException e) {
      return NONE; // no jar to key it by: the launcher will say so itself
    }
  }

  /** @return where the archive is or will be, or null when there is none to use or to make */
  Path file() {
    return archive;
  }

  /**
   * The launcher JVM's flags: map the archive when it exists, else be ready to be dumped.
   *
   * @return the flags, empty when there is no archive to use or to make
   */
  List<String> flags() {
    if (archive == null) {
      return List.of();
    }
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive, CDS_LOG_OFF);
    }
    recording = true;
    return List.of("-XX:+RecordDynamicDumpInfo", CDS_LOG_OFF);
  }

  /**
   * Dumps the archive from a launcher started with {@link #flags()} that recorded, once: the
   * first caller of the suite does it (a lock file beside the archive keeps other test JVMs out),
   * later ones return at once. A dump that fails leaves no archive, fails no test, and lets a
   * later launcher try again, {@value #MOST_ATTEMPTS} times at most.
   *
   * @param launcherPid a launcher that had every worker READY (its classes are loaded), about to
   *     be killed
   */
  void dumpFrom(long launcherPid) {
    if (!recording || Files.exists(archive) || ATTEMPTS.incrementAndGet() > MOST_ATTEMPTS) {
      return;
    }
    Path lock = archive.resolveSibling(archive.getFileName() + ".lock");
    Path partial = archive.resolveSibling(archive.getFileName() + ".part");
    try {
      Files.createDirectories(archive.getParent());
      Files.createFile(lock);
    } catch (IOException e) {
      return; // another test JVM dumps it (or nothing can be written there)
    }
    try {
      removeStale();
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
          .toString(), Long.toString(launcherPid), "VM.cds", "dynamic_dump", partial.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly().waitFor();
      }
      if (jcmd.exitValue() == 0 && Files.size(partial) > 0) {
        Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      // no archive: later launchers boot as this one did
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Files.deleteIfExists(partial);
        if (!Files.exists(archive)) {
          Files.deleteIfExists(lock); // a later launcher of this suite may try again
        }
      } catch (IOException e) {
        // a partial file left behind is never mapped
      }
    }
  }

  /** Removes the archives of earlier builds of the jar (40 MB each), and their lock files. */
  private void removeStale() throws IOException {
    String own = archive.getFileName().toString();
    try (java.util.stream.Stream<Path> files = Files.list(archive.getParent())) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith("launcher-") && !name.startsWith(own)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}

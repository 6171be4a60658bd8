package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.process.WorkerOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link ClassArchives} does with files and lines: names by hash, the pruning of the
 * archive directory, and the watch over the workers' output for a JVM that refuses its archive.
 */
final class ArchiveFiles {

  private static final Logger log = LoggerFactory.getLogger(ArchiveFiles.class);

  /** An error of the JVM's class-data sharing, as its quiet logging still prints it. */
  private static final Pattern JVM_ERROR =
      Pattern.compile("\\]\\[error\\s*\\]\\[(?:aot|cds)[^\\]]*\\]\\s*(.*)");

  /** What a refusal is told to: the worker's slot and gen, and the JVM's reason. */
  interface Refusal {
    void refused(int slot, int gen, String reason);
  }

  private ArchiveFiles() {
  }

  /**
   * The workers' output, each line passed on unchanged; a line where a worker's JVM says why it
   * cannot use its archive or AOT cache is also told to refusal. The JVM's generic lines ("An
   * error has occurred...", "Disabling optimized module handling") are skipped, so the first line
   * told is the reason ("shared class paths mismatch", "Mismatched values for property ...").
   */
  static WorkerOutput refusals(WorkerOutput output, Refusal refusal) {
    return (slot, gen, pid, stderr) -> {
      Consumer<String> lines = output.lines(slot, gen, pid, stderr);
      return line -> {
        Matcher error = JVM_ERROR.matcher(line);
        if (error.find() && !error.group(1).startsWith("An error has occurred")
            && !error.group(1).startsWith("Disabling optimized")) {
          refusal.refused(slot, gen, error.group(1).strip());
        }
        lines.accept(line);
      };
    };
  }

  /** Keeps the keep most recent archives, and removes temp files a killed worker left. */
  static void prune(Path dir, int keep, Duration staleTemp) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> archives = new ArrayList<>();
      Instant staleBefore = Instant.now().minus(staleTemp);
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith("worker-") && (name.endsWith(".jsa") || name.endsWith(".aot"))) {
          archives.add(file);
        } else if (name.startsWith("worker-")
            && (name.endsWith(".tmp") || name.endsWith(".tmp.config"))
            && modified(file).toInstant().isBefore(staleBefore)) {
          Files.deleteIfExists(file);
        }
      }
      archives.sort(Comparator.comparing(ArchiveFiles::modified).reversed());
      for (Path old : archives.subList(Math.min(keep, archives.size()), archives.size())) {
        Files.deleteIfExists(old);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("could not prune {}: {}", dir, e.getMessage());
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

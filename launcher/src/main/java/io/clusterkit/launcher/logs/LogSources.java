package io.clusterkit.launcher.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which active log files of a {@code -log-dir} the {@code logs} command shows: one slot's, or
 * the launcher's and every slot's, slots in order. Rolled files are never shown: they are
 * complete, and {@code zcat}/{@code less} read them better.
 */
public final class LogSources {

  private static final Pattern SLOT_FILE = Pattern.compile("worker-(\\d+)\\.log");

  private LogSources() {
  }

  /**
   * One file to show.
   *
   * @param label its file's name without {@code .log}, which prefixes its lines when several
   *     files are shown
   * @param file the active file
   */
  public record Source(String label, Path file) {
  }

  /**
   * The files to show.
   *
   * @param dir the launcher's {@code -log-dir}
   * @param slot a slot, or null for the launcher's file and every slot's
   * @return for a slot its file, existing or not; else the launcher's and the slots' that
   *     exist, the launcher's first, then by slot
   * @throws IOException when the directory cannot be listed
   */
  public static List<Source> in(Path dir, Integer slot) throws IOException {
    if (slot != null) {
      String name = LogFiles.slotName(slot);
      return List.of(new Source(name, RollingFiles.active(dir, name)));
    }
    List<Source> sources = new ArrayList<>();
    Path launcher = RollingFiles.active(dir, LogFiles.LAUNCHER);
    if (Files.isRegularFile(launcher)) {
      sources.add(new Source(LogFiles.LAUNCHER, launcher));
    }
    List<Integer> slots = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "worker-*.log")) {
      for (Path file : files) {
        Matcher matcher = SLOT_FILE.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          slots.add(Integer.parseInt(matcher.group(1)));
        }
      }
    }
    slots.sort(Comparator.naturalOrder());
    for (int s : slots) {
      String name = LogFiles.slotName(s);
      sources.add(new Source(name, RollingFiles.active(dir, name)));
    }
    return sources;
  }
}

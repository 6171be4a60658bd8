package io.clusterkit.launcher.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.clusterkit.launcher.LogOptions;
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
 * Builds one rolled log file: Logback's {@link RollingFileAppender} with a
 * {@link SizeAndTimeBasedRollingPolicy} ({@link SerialRetentionPolicy}), so {@code NAME.log} is
 * rolled at midnight and whenever it passes the maximum size into {@code NAME.DATE.INDEX.log},
 * and rolled files older than the history or past the total size cap are deleted (also at
 * start).
 */
final class RollingFiles {

  private RollingFiles() {
  }

  /** @return the active file of name in dir */
  static Path active(Path dir, String name) {
    return dir.resolve(name + ".log");
  }

  /** @return the rolled files' pattern of name in dir */
  static String rolledPattern(Path dir, String name) {
    return dir.resolve(name + ".%d{" + SerialRetentionPolicy.DAY + "}.%i.log").toString();
  }

  /** Where a rolled file stands in its file's sequence: its day, then its index in the day. */
  record Rank(String day, long index) implements Comparable<Rank> {

    private static final Pattern NAME =
        Pattern.compile(".*\\.(\\d{4}-\\d\\d-\\d\\d)\\.(\\d+)\\.log");

    /** @return the rank of a rolled file, or null for a name that is not one */
    static Rank of(Path file) {
      Matcher matcher = NAME.matcher(file.getFileName().toString());
      return matcher.matches() ? new Rank(matcher.group(1), Long.parseLong(matcher.group(2)))
          : null;
    }

    @Override
    public int compareTo(Rank other) {
      int byDay = day.compareTo(other.day);
      return byDay != 0 ? byDay : Long.compare(index, other.index);
    }
  }

  /**
   * The rolled files of name in dir, oldest first: by day, then by index within the day.
   *
   * @return the files, as they were listed (a retention limit may delete one at any time)
   */
  static List<Path> rolled(Path dir, String name) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name + ".*.log")) {
      for (Path file : files) {
        String rest = file.getFileName().toString().substring(name.length());
        if (rest.matches("\\.\\d{4}-\\d\\d-\\d\\d\\.\\d+\\.log")) {
          found.add(file);
        }
      }
    }
    found.sort(Comparator.comparing(Rank::of));
    return found;
  }

  static RollingFileAppender<ILoggingEvent> open(Context context, LogOptions options,
      String name, Encoder<ILoggingEvent> encoder) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("clusterkit-" + name);
    appender.setFile(active(options.getDir(), name).toString());
    appender.setEncoder(encoder);
    SerialRetentionPolicy policy = new SerialRetentionPolicy();
    policy.setContext(context);
    policy.setParent(appender);
    policy.setFileNamePattern(rolledPattern(options.getDir(), name));
    policy.setMaxFileSize(new FileSize(options.getMaxFileSize()));
    policy.setRetentionDays(options.getMaxHistory());
    policy.setRetentionBytes(options.getTotalSizeCap());
    policy.start();
    appender.setRollingPolicy(policy);
    appender.start();
    if (!appender.isStarted()) {
      throw new IllegalStateException("cannot open log file " + active(options.getDir(), name));
    }
    return appender;
  }
}

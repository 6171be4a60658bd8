package io.clusterkit.launcher.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import io.clusterkit.launcher.LogOptions;
import java.nio.file.Path;

/**
 * Builds one rolled log file: Logback's {@link RollingFileAppender} with a
 * {@link SizeAndTimeBasedRollingPolicy}, so {@code NAME.log} is rolled at midnight and whenever
 * it passes the maximum size into {@code NAME.DATE.INDEX.log}, and rolled files older than the
 * history or past the total size cap are deleted (also at start).
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
    return dir.resolve(name + ".%d{yyyy-MM-dd}.%i.log").toString();
  }

  static RollingFileAppender<ILoggingEvent> open(Context context, LogOptions options,
      String name, Encoder<ILoggingEvent> encoder) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("clusterkit-" + name);
    appender.setFile(active(options.getDir(), name).toString());
    appender.setEncoder(encoder);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(appender);
    policy.setFileNamePattern(rolledPattern(options.getDir(), name));
    policy.setMaxFileSize(new FileSize(options.getMaxFileSize()));
    policy.setMaxHistory(options.getMaxHistory());
    policy.setTotalSizeCap(new FileSize(options.getTotalSizeCap()));
    policy.setCleanHistoryOnStart(true);
    policy.start();
    appender.setRollingPolicy(policy);
    appender.start();
    if (!appender.isStarted()) {
      throw new IllegalStateException("cannot open log file " + active(options.getDir(), name));
    }
    return appender;
  }
}

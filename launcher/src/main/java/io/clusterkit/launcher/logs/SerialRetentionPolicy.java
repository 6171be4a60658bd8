package io.clusterkit.launcher.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.helper.FileNamePattern;
import ch.qos.logback.core.rolling.helper.RollingCalendar;
import ch.qos.logback.core.rolling.helper.SizeAndTimeBasedArchiveRemover;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Logback's {@link SizeAndTimeBasedRollingPolicy} whose retention (history in days, total size
 * cap) runs after each roll, one clean at a time: the roll waits for Logback's own
 * {@link SizeAndTimeBasedArchiveRemover} to finish. The stock policy starts a new asynchronous
 * clean at every roll; when rolls come faster than cleans end (a burst, a small maximum size),
 * cleans that overlap were seen here to delete every rolled file of the day, the newest
 * included.
 * The thread whose line rolled the file waits for the clean (a directory listing and a few
 * deletions) once per maximum file size.
 */
final class SerialRetentionPolicy extends SizeAndTimeBasedRollingPolicy<ILoggingEvent> {

  /** The day pattern of {@link RollingFiles#rolledPattern}. */
  static final String DAY = "yyyy-MM-dd";

  /** How long a roll waits for its clean: far more than deleting a few files takes. */
  private static final long CLEAN_TIMEOUT_SECONDS = 30;

  private int days;
  private long totalSizeCap;
  private SizeAndTimeBasedArchiveRemover remover;

  /** Keeps rolled files this many days (the stock policy's maxHistory, left unset). */
  void setRetentionDays(int days) {
    this.days = days;
  }

  /** Keeps at most this many bytes of rolled files (the stock totalSizeCap, left unset). */
  void setRetentionBytes(long bytes) {
    this.totalSizeCap = bytes;
  }

  @Override
  public void start() {
    super.start();
    remover = new SizeAndTimeBasedArchiveRemover(new FileNamePattern(getFileNamePattern(),
        context), new RollingCalendar(DAY));
    remover.setContext(context);
    remover.setMaxHistory(days);
    remover.setTotalSizeCap(totalSizeCap);
    clean();
  }

  @Override
  public void rollover() throws RolloverFailure {
    super.rollover();
    clean();
  }

  /** Runs Logback's clean (history, then the size cap) and waits for it: one at a time. */
  private void clean() {
    Future<?> done = remover.cleanAsynchronously(Instant.now());
    try {
      done.get(CLEAN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      addError("cleaning rolled files of " + getFileNamePattern() + " failed", e);
    }
  }
}

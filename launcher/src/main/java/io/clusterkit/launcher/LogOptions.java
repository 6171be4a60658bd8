package io.clusterkit.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Log files ({@code -log-dir DIR}): the launcher writes {@code DIR/launcher.log}, and each slot
 * {@code DIR/worker-N.log}, which keeps its name across the slot's restarts and reloads. Every
 * file is rolled by Logback when it passes the maximum size and at midnight; rolled files are
 * kept for a number of days and, per file, up to a total size. Setters validate at once and name
 * the argument.
 */
public final class LogOptions {

  /** Lines as text: time, slot, pid and gen, then what the worker wrote. */
  public static final String FORMAT_TEXT = "text";
  /** One JSON object per line, for log shippers. */
  public static final String FORMAT_JSON = "json";
  /** The default format. */
  public static final String DEFAULT_FORMAT = FORMAT_TEXT;
  /** The size at which a file is rolled (10 MiB, as pm2-logrotate). */
  public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;
  /** How many days of rolled files are kept. */
  public static final int DEFAULT_MAX_HISTORY = 14;
  /** How many bytes of rolled files one file (the launcher's, or one slot's) may keep. */
  public static final long DEFAULT_TOTAL_SIZE_CAP = 100L * 1024 * 1024;
  /** The smallest accepted maximum file size. */
  public static final long MIN_FILE_SIZE = 1024;

  private Path dir;
  private String format = DEFAULT_FORMAT;
  private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
  private int maxHistory = DEFAULT_MAX_HISTORY;
  private long totalSizeCap = DEFAULT_TOTAL_SIZE_CAP;

  /**
   * Creates log options for a directory, with the default format and limits.
   *
   * @param dir where the files go (created when missing)
   */
  public LogOptions(Path dir) {
    setDir(dir);
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public LogOptions(LogOptions other) {
    this.dir = other.dir;
    this.format = other.format;
    this.maxFileSize = other.maxFileSize;
    this.maxHistory = other.maxHistory;
    this.totalSizeCap = other.totalSizeCap;
  }

  /** @return the directory of the log files */
  public Path getDir() {
    return dir;
  }

  /**
   * Sets the directory of the log files.
   *
   * @param dir the directory, made absolute
   * @return these options
   */
  public LogOptions setDir(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    return this;
  }

  /** @return {@value #FORMAT_TEXT} or {@value #FORMAT_JSON} */
  public String getFormat() {
    return format;
  }

  /**
   * Sets the format of every line.
   *
   * @param format {@value #FORMAT_TEXT} or {@value #FORMAT_JSON}
   * @return these options
   */
  public LogOptions setFormat(String format) {
    if (!FORMAT_TEXT.equals(format) && !FORMAT_JSON.equals(format)) {
      throw new IllegalArgumentException("log-format must be " + FORMAT_TEXT + " or "
          + FORMAT_JSON + ", was '" + format + "'");
    }
    this.format = format;
    return this;
  }

  /** @return whether lines are JSON objects */
  public boolean isJson() {
    return FORMAT_JSON.equals(format);
  }

  /** @return the size in bytes at which a file is rolled */
  public long getMaxFileSize() {
    return maxFileSize;
  }

  /**
   * Sets the size at which a file is rolled; a total size cap below it is raised to it.
   *
   * @param bytes at least {@value #MIN_FILE_SIZE}
   * @return these options
   */
  public LogOptions setMaxFileSize(long bytes) {
    if (bytes < MIN_FILE_SIZE) {
      throw new IllegalArgumentException("log-max-size must be >= " + MIN_FILE_SIZE
          + " bytes, was " + bytes);
    }
    this.maxFileSize = bytes;
    this.totalSizeCap = Math.max(totalSizeCap, bytes);
    return this;
  }

  /** @return how many days of rolled files are kept */
  public int getMaxHistory() {
    return maxHistory;
  }

  /**
   * Sets how many days of rolled files are kept.
   *
   * @param days at least 1
   * @return these options
   */
  public LogOptions setMaxHistory(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("log-max-history must be >= 1 day, was " + days);
    }
    this.maxHistory = days;
    return this;
  }

  /** @return how many bytes of rolled files each file keeps at most */
  public long getTotalSizeCap() {
    return totalSizeCap;
  }

  /**
   * Sets how many bytes of rolled files each file (the launcher's, or one slot's) keeps at most:
   * past it the oldest rolled files are deleted.
   *
   * @param bytes at least the maximum file size
   * @return these options
   */
  public LogOptions setTotalSizeCap(long bytes) {
    if (bytes < maxFileSize) {
      throw new IllegalArgumentException("log-total-size must be >= log-max-size ("
          + maxFileSize + " bytes), was " + bytes);
    }
    this.totalSizeCap = bytes;
    return this;
  }
}

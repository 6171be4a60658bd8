package io.clusterkit.launcher.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import io.clusterkit.launcher.LogOptions;
import io.clusterkit.launcher.process.WorkerOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The log files of {@code -log-dir}: {@code launcher.log} receives the launcher's own log
 * (besides its standard output, which keeps only these low-volume lines), and
 * {@code worker-N.log} everything slot N's processes write, whatever their generation, so a
 * slot's file keeps its name across restarts and reloads. One appender per file, shared by the
 * threads that read the slot's processes; Logback rolls each file by size and day and deletes
 * what is past the retention limits.
 */
public final class LogFiles implements WorkerOutput, AutoCloseable {

  /** The launcher's own file, without {@code .log}. */
  public static final String LAUNCHER = "launcher";
  /** The file a launcher locks while it writes a directory: two would break each other's rolls. */
  static final String LOCK = ".clusterkit.lock";

  private final LogOptions options;
  private final DirectoryLock lock;
  private final LoggerContext context;
  private final StatusListener listener;
  private final Logger root;
  private final RollingFileAppender<ILoggingEvent> launcher;
  private final Map<Integer, RollingFileAppender<ILoggingEvent>> slots =
      new ConcurrentHashMap<>();
  private volatile boolean closed;

  private LogFiles(LogOptions options, DirectoryLock lock, LoggerContext context,
      StatusListener listener, Logger root) {
    this.options = options;
    this.lock = lock;
    this.listener = listener;
    this.context = context;
    this.root = root;
    this.launcher = root == null ? null : RollingFiles.open(context, options, LAUNCHER,
        options.isJson() ? LogEncoders.json(context)
            : LogEncoders.pattern(context, LogEncoders.LAUNCHER_PATTERN));
    if (launcher != null) {
      root.addAppender(launcher);
    }
  }

  /**
   * Opens the launcher's file and adds it to Logback's root logger; the slots' files are opened
   * as their first lines come.
   *
   * @param options where and how
   * @return the files
   * @throws IOException when the directory cannot be created, or another launcher writes it
   */
  public static LogFiles open(LogOptions options) throws IOException {
    Files.createDirectories(options.getDir());
    DirectoryLock lock = DirectoryLock.take(options.getDir().resolve(LOCK));
    try {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      if (factory instanceof LoggerContext logback) {
        return new LogFiles(options, lock, logback, addErrorListener(logback),
            logback.getLogger(Logger.ROOT_LOGGER_NAME));
      }
      // SLF4J is bound to another backend (an embedding program's): only the workers' files
      LoggerContext own = new LoggerContext();
      own.setName("clusterkit-logs");
      StatusListener listener = addErrorListener(own);
      own.start();
      return new LogFiles(options, lock, own, listener, null);
    } catch (RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  private static StatusListener addErrorListener(LoggerContext context) {
    // a file that cannot be written or rolled is said on stderr, not lost in silence; Logback's
    // console listeners would print every INFO status of every roll as well
    StatusListener listener = status -> {
      if (status.getEffectiveLevel() >= Status.WARN) {
        System.err.println("launcher: log files: " + status.getMessage()
            + (status.getThrowable() == null ? "" : ": " + status.getThrowable()));
      }
    };
    context.getStatusManager().add(listener);
    return listener;
  }

  /** @return the directory of the files */
  public Path dir() {
    return options.getDir();
  }

  /** @return the format of every line, {@code text} or {@code json} */
  public String format() {
    return options.getFormat();
  }

  /**
   * The file name of a slot's output.
   *
   * @param slot the slot
   * @return {@code worker-N}, without {@code .log}
   */
  public static String slotName(int slot) {
    return "worker-" + slot;
  }

  @Override
  public Consumer<String> lines(int slot, int gen, long pid, boolean stderr) {
    String thread = slotName(slot) + (stderr ? "-err" : "-out");
    return line -> {
      if (closed) {
        return;
      }
      long now = System.currentTimeMillis();
      String text = options.isJson()
          ? WorkerLines.json(line, slot, gen, pid, stderr, now)
          : WorkerLines.text(line, slot, gen, pid);
      RollingFileAppender<ILoggingEvent> file = slots.get(slot);
      if (file == null) {
        // opened by the first line, on the thread that reads the worker, not the supervisor's
        file = openSlot(slot);
      }
      if (file != null) {
        file.doAppend(event(text, now, thread));
      }
    };
  }

  /** @return the slot's file, opened now unless another thread did, or null once closed */
  private synchronized RollingFileAppender<ILoggingEvent> openSlot(int slot) {
    return closed ? null : slots.computeIfAbsent(slot, s -> RollingFiles.open(context, options,
        slotName(s), LogEncoders.pattern(context,
            options.isJson() ? LogEncoders.RAW_PATTERN : LogEncoders.WORKER_PATTERN)));
  }

  private static ILoggingEvent event(String text, long millis, String thread) {
    LoggingEvent event = new LoggingEvent();
    event.setLevel(Level.INFO);
    event.setLoggerName(thread);
    event.setThreadName(thread);
    event.setMessage(text);
    event.setTimeStamp(millis);
    event.setMDCPropertyMap(Map.of());
    return event;
  }

  /** Detaches the launcher's file from the root logger and closes every file. */
  @Override
  public synchronized void close() {
    closed = true;
    if (launcher != null) {
      root.detachAppender(launcher);
      launcher.stop();
    }
    slots.values().forEach(RollingFileAppender::stop);
    slots.clear();
    context.getStatusManager().remove(listener);
    lock.release();
  }
}

package io.clusterkit.launcher.logs;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;

/**
 * The encoders of the log files. The JSON one is Logback's own {@link JsonEncoder} with the
 * fields a log shipper wants (time, level, thread, logger, MDC, key-value pairs, the formatted
 * message, the throwable) and without the rest; workers use the same settings
 * ({@code clusterkit-worker-json.xml}), so every file has one schema.
 */
final class LogEncoders {

  /** The launcher's own lines in text. */
  static final String LAUNCHER_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
  /** A worker's lines in text: the time it was read, then the line with its slot, pid, gen. */
  static final String WORKER_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %msg%n";
  /** A worker's lines in JSON: already one object each. */
  static final String RAW_PATTERN = "%msg%n";

  private LogEncoders() {
  }

  static Encoder<ILoggingEvent> json(Context context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }

  static Encoder<ILoggingEvent> pattern(Context context, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }
}

package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.LogOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The log files' flags ({@code -log-dir}, {@code -log-format}, {@code -log-max-size},
 * {@code -log-max-history}, {@code -log-total-size}). A picocli mixin of the launcher's command.
 */
final class LogFlags {

  @Option(names = "-log-dir", paramLabel = "DIR",
      description = "Write the launcher's log to DIR/launcher.log and each slot's output to "
          + "DIR/worker-N.log, rolled by size and day (default: workers' output on stdout).")
  private Path logDir;

  @Option(names = "-log-format", paramLabel = "FORMAT",
      description = "Lines of the log files: text or json, one object per line "
          + "(default: ${DEFAULT-VALUE}).")
  private String logFormat = LogOptions.DEFAULT_FORMAT;

  @Option(names = "-log-max-size", paramLabel = "SIZE",
      description = "Roll a log file when it passes SIZE, e.g. 10m (default: 10m).")
  private String logMaxSize;

  @Option(names = "-log-max-history", paramLabel = "DAYS",
      description = "Days of rolled log files kept (default: ${DEFAULT-VALUE}).")
  private int logMaxHistory = LogOptions.DEFAULT_MAX_HISTORY;

  @Option(names = "-log-total-size", paramLabel = "SIZE",
      description = "Rolled files kept per log file at most, e.g. 100m; the oldest go first "
          + "(default: 100m).")
  private String logTotalSize;

  /**
   * Reads the flags into options.
   *
   * @throws picocli.CommandLine.ParameterException with one line naming the flag at fault
   */
  void apply(OptionsBuilder builder, LauncherOptions options, ParseResult parsed) {
    builder.logs(options, logDir, logFormat, logMaxSize, logMaxHistory, logTotalSize, parsed);
  }
}

package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.RestartPolicyOptions;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The restart policy's flags ({@code -max-restarts}, {@code -restart-window},
 * {@code -restart-backoff}, {@code -min-uptime}, {@code -boot-timeout}) and recycling by request
 * count ({@code -max-requests}, {@code -max-requests-jitter}). A picocli mixin of the launcher's
 * command.
 */
final class RestartFlags {

  @Option(names = "-max-restarts", paramLabel = "N",
      description = "Restarts after early exits in a row before a slot is FAILED and left "
          + "stopped (default: ${DEFAULT-VALUE}).")
  private int maxRestarts = RestartPolicyOptions.DEFAULT_MAX_RESTARTS;

  @Option(names = "-restart-window", paramLabel = "DURATION",
      description = "Count only the early exits within DURATION (e.g. 5m) toward -max-restarts "
          + "(default: none, every early exit since the last stable run counts).")
  private String restartWindow;

  @Option(names = "-restart-backoff", paramLabel = "MIN:MAX",
      description = "Delay before restarting a slot after an early exit, doubling from MIN to "
          + "MAX (default: 100ms:10s).")
  private String restartBackoff;

  @Option(names = "-min-uptime", paramLabel = "DURATION",
      description = "A worker that exits sooner after READY made an early exit (default: 60s).")
  private String minUptime;

  @Option(names = "-boot-timeout", paramLabel = "DURATION",
      description = "A worker not READY within DURATION is killed (default: 60s).")
  private String bootTimeout;

  @Option(names = "-max-requests", paramLabel = "N",
      description = "Recycle a worker drain-first once it has received N requests "
          + "(default: 0, no limit).")
  private long maxRequests;

  @Option(names = "-max-requests-jitter", paramLabel = "J",
      description = "Add a random 0..J to each worker's -max-requests (default: 0).")
  private long maxRequestsJitter;

  /**
   * Reads the flags into options.
   *
   * @throws picocli.CommandLine.ParameterException with one line naming the flag at fault
   */
  void apply(OptionsBuilder builder, LauncherOptions options, ParseResult parsed) {
    builder.restartPolicy(options, maxRestarts, restartWindow, restartBackoff, minUptime,
        bootTimeout);
    builder.maxRequests(options, maxRequests, maxRequestsJitter, parsed);
  }
}

package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.process.WorkerCeiling;
import io.clusterkit.verticles.protocol.ConnectionLimits;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The limits under abuse: the worker ceiling ({@code -max-workers}) and each worker's connection
 * limits ({@code -header-timeout}, {@code -keepalive-timeout}, {@code -request-timeout},
 * {@code -max-connections}). A picocli mixin of the launcher's command.
 */
final class LimitFlags {

  @Option(names = "-max-workers", paramLabel = "N",
      description = "The most workers -workers, scale and TTIN may ask for (default: derived "
          + "from the machine: " + WorkerCeiling.WORKERS_PER_CORE + " per core, and no more than "
          + "the memory holds at each worker's heap + " + (WorkerCeiling.JVM_OVERHEAD >> 20)
          + " MiB).")
  private int maxWorkers;

  @Option(names = "-header-timeout", paramLabel = "DURATION",
      description = "A request head not complete this long after its first byte is answered "
          + "408 and closed; 0: no limit (default: 60s, as Node).")
  private String headerTimeout;

  @Option(names = "-keepalive-timeout", paramLabel = "DURATION",
      description = "A connection silent this long with no request in progress is closed; "
          + "0: no limit (default: 75s, as nginx).")
  private String keepAliveTimeout;

  @Option(names = "-request-timeout", paramLabel = "DURATION",
      description = "A request whose body is not complete this long after its head is closed; "
          + "0: no limit (default: 300s, as Node).")
  private String requestTimeout;

  @Option(names = "-max-connections", paramLabel = "N",
      description = "The most connections a worker holds; new ones past it are closed at once; "
          + "0: no limit (default: " + ConnectionLimits.DEFAULT_MAX_CONNECTIONS + ").")
  private int maxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;

  /**
   * Reads -max-workers into options and checks -workers against the ceiling.
   *
   * @throws picocli.CommandLine.ParameterException with one line naming the flag at fault
   */
  void applyCeiling(OptionsBuilder builder, LauncherOptions options, ParseResult parsed) {
    builder.workerCeiling(options, maxWorkers, parsed);
  }

  /**
   * Reads the connection limits into options.
   *
   * @throws picocli.CommandLine.ParameterException with one line naming the flag at fault
   */
  void applyConnectionLimits(OptionsBuilder builder, LauncherOptions options) {
    builder.connectionLimits(options, headerTimeout, keepAliveTimeout, requestTimeout,
        maxConnections);
  }
}

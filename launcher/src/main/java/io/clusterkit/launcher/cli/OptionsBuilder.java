package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.HealthCheckOptions;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.LogOptions;
import io.clusterkit.launcher.RestartPolicyOptions;
import io.clusterkit.sticky.Balancers;
import io.clusterkit.verticles.protocol.ConnectionLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns parsed command-line values into {@link LauncherOptions}, checking everything that can be
 * checked before a process starts: ranges, sizes, durations and the flags that only make sense
 * together; the application itself (classpath, configuration, verticle) is checked by
 * {@link ApplicationCheck}. Every problem becomes one line naming the option.
 */
final class OptionsBuilder {

  private final CommandLine line;

  OptionsBuilder(CommandLine line) {
    this.line = line;
  }

  LauncherOptions build(int workers, int port, String host, String classpath, int instances,
      String conf, String workerOpts, double grace, double queueTimeout, String verticle) {
    LauncherOptions options = new LauncherOptions();
    check(() -> options.setWorkers(workers), "-workers");
    check(() -> options.setPort(port), "-port");
    check(() -> options.setHost(host), "-host");
    check(() -> options.setInstances(instances), "-instances");
    check(() -> options.setGrace(LauncherCommand.seconds("-grace", grace)), "-grace");
    check(() -> options.setQueueTimeout(LauncherCommand.seconds("-queue-timeout", queueTimeout)),
        "-queue-timeout");
    ApplicationCheck application = new ApplicationCheck(line);
    List<Path> entries = application.classpathEntries(classpath);
    entries.forEach(options::addClasspath);
    if (conf != null) {
      options.setConfig(application.config(conf));
    }
    options.addWorkerJvmOptions(LauncherCommand.split(workerOpts));
    String chosen = verticle != null ? verticle : application.mainVerticle(entries);
    options.setVerticle(chosen);
    application.checkVerticle(chosen, entries);
    return options;
  }

  void balance(LauncherOptions options, String balance, boolean sticky, boolean balanceGiven) {
    if (sticky && balanceGiven && !Balancers.IP_HASH.equals(balance)) {
      throw new ParameterException(line,
          "-sticky means -balance " + Balancers.IP_HASH + ", not -balance " + balance);
    }
    String chosen = sticky ? Balancers.IP_HASH : balance;
    try {
      options.setBalance(chosen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(line, "-balance: " + e.getMessage());
    }
  }

  void router(LauncherOptions options, String router, boolean routerGiven) {
    if (routerGiven && !Balancers.routed(options.getBalance())) {
      throw new ParameterException(line, "-router does not apply to -balance "
          + Balancers.REUSEPORT + ": workers accept on the public port themselves");
    }
    check(() -> options.setRouter(router), "-router");
  }

  void metrics(LauncherOptions options, String endpoint) {
    if (endpoint == null) {
      return;
    }
    int colon = endpoint.lastIndexOf(':');
    String host = colon < 0 ? LauncherOptions.DEFAULT_METRICS_HOST
        : endpoint.substring(0, colon).replace("[", "").replace("]", "");
    String portText = endpoint.substring(colon + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new ParameterException(line, "-metrics: '" + endpoint + "' is not [HOST:]PORT");
    }
    if (port < 0 || port > 65535) {
      throw new ParameterException(line, "-metrics: port " + port + " is not in 0..65535");
    }
    check(() -> options.setMetrics(host, port), "-metrics");
  }

  void transport(LauncherOptions options, String transport) {
    check(() -> options.setTransport(transport), "-transport");
  }

  // ---- the workers' JDK (-java) ----
  void workerJava(LauncherOptions options, Path java) {
    if (java != null && java.toString().isBlank()) {
      throw new ParameterException(line, "-java: give a JDK home or a java executable");
    }
    options.setJava(java);
  }
  // ---- end of the workers' JDK ----

  void health(LauncherOptions options, double heartbeatTimeout, double maxBlocked,
      String maxMemory) {
    check(() -> options.setHeartbeatTimeout(
        LauncherCommand.seconds("-heartbeat-timeout", heartbeatTimeout)), "-heartbeat-timeout");
    check(() -> options.setMaxBlocked(LauncherCommand.seconds("-max-blocked", maxBlocked)),
        "-max-blocked");
    if (maxMemory != null) {
      check(() -> options.setMaxMemory(size(maxMemory)), "-max-memory");
    }
  }

  void healthCheck(LauncherOptions options, String path, double interval, double timeout,
      int failures, ParseResult parsed) {
    if (path == null) {
      for (String option : List.of("-health-interval", "-health-timeout", "-health-failures")) {
        if (parsed.hasMatchedOption(option)) {
          throw new ParameterException(line, option + " needs -health PATH: without it no "
              + "health check runs");
        }
      }
      return;
    }
    HealthCheckOptions check = new HealthCheckOptions("/");
    check(() -> check.setPath(path), "-health");
    check(() -> check.setInterval(checkSeconds("health-interval", interval)),
        "-health-interval");
    check(() -> check.setTimeout(checkSeconds("health-timeout", timeout)), "-health-timeout");
    check(() -> check.setFailures(failures), "-health-failures");
    options.setHealthCheck(check);
  }

  // -- log files --
  void logs(LauncherOptions options, Path dir, String format, String maxSize, int maxHistory,
      String totalSize, ParseResult parsed) {
    if (dir == null) {
      for (String option : List.of("-log-format", "-log-max-size", "-log-max-history",
          "-log-total-size")) {
        if (parsed.hasMatchedOption(option)) {
          throw new ParameterException(line, option + " needs -log-dir DIR: without it workers' "
              + "output goes to the launcher's standard output");
        }
      }
      return;
    }
    LogOptions logs = new LogOptions(dir);
    check(() -> logs.setFormat(format), "-log-format");
    if (maxSize != null) {
      check(() -> logs.setMaxFileSize(size(maxSize, "log-max-size")), "-log-max-size");
    }
    check(() -> logs.setMaxHistory(maxHistory), "-log-max-history");
    if (totalSize != null) {
      check(() -> logs.setTotalSizeCap(size(totalSize, "log-total-size")), "-log-total-size");
    }
    try {
      Files.createDirectories(logs.getDir());
    } catch (IOException | SecurityException e) {
      throw new ParameterException(line, "-log-dir " + dir + " cannot be created: "
          + (e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e.getMessage()));
    }
    if (!Files.isDirectory(logs.getDir()) || !Files.isWritable(logs.getDir())) {
      throw new ParameterException(line, "-log-dir " + dir + " is not a writable directory");
    }
    options.setLogs(logs);
  }
  // -- end of log files --

  // ---- several hosts ----
  void join(LauncherOptions options, JoinFlags flags, ParseResult parsed) {
    flags.apply(line, options, parsed);
  }
  // ---- end of several hosts ----

  /** Seconds of a health check setting, refused below HealthCheckOptions.MIN_DURATION. */
  private static Duration checkSeconds(String name, double value) {
    double min = HealthCheckOptions.MIN_DURATION.toMillis() / 1000.0;
    if (Double.isNaN(value) || value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + " seconds, was " + value);
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }

  /** Reads a size such as 512k, 200m or 1g (or plain bytes). */
  static long size(String text) {
    return size(text, "max-memory");
  }

  /** Reads a size such as 512k, 200m or 1g (or plain bytes) of the option named name. */
  static long size(String text, String name) {
    String value = text.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (value.endsWith("k") || value.endsWith("m") || value.endsWith("g")) {
      unit = switch (value.charAt(value.length() - 1)) {
        case 'k' -> 1024L;
        case 'm' -> 1024L * 1024;
        default -> 1024L * 1024 * 1024;
      };
      value = value.substring(0, value.length() - 1);
    }
    try {
      long number = Long.parseLong(value);
      if (number <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(number, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be a size such as 512m or 1g, was '"
          + text + "'");
    }
  }

  void restartPolicy(LauncherOptions options, int maxRestarts, String window, String backoff,
      String minUptime, String bootTimeout) {
    RestartPolicyOptions policy = new RestartPolicyOptions();
    check(() -> policy.setMaxRestarts(maxRestarts), "-max-restarts");
    if (window != null) {
      check(() -> policy.setRestartWindow(Durations.parse(window)), "-restart-window");
    }
    if (backoff != null) {
      check(() -> {
        int colon = backoff.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("must be MIN:MAX such as 100ms:10s, was '"
              + backoff + "'");
        }
        policy.setRestartBackoff(Durations.parse(backoff.substring(0, colon)),
            Durations.parse(backoff.substring(colon + 1)));
      }, "-restart-backoff");
    }
    if (minUptime != null) {
      check(() -> policy.setMinUptime(Durations.parse(minUptime)), "-min-uptime");
    }
    if (bootTimeout != null) {
      check(() -> policy.setBootTimeout(Durations.parse(bootTimeout)), "-boot-timeout");
    }
    options.setRestartPolicy(policy);
  }

  void maxRequests(LauncherOptions options, long maxRequests, long jitter, ParseResult parsed) {
    check(() -> options.setMaxRequests(maxRequests), "-max-requests");
    check(() -> options.setMaxRequestsJitter(jitter), "-max-requests-jitter");
    if (maxRequests == 0 && parsed.hasMatchedOption("-max-requests-jitter")) {
      throw new ParameterException(line, "-max-requests-jitter needs -max-requests N: without "
          + "it no worker is recycled by its request count");
    }
  }

  // ---- spares and surge reloads (-spares, -reload-surge) ----

  void spares(LauncherOptions options, int spares, int reloadSurge) {
    check(() -> options.setSpares(spares), "-spares");
    check(() -> options.setReloadSurge(reloadSurge), "-reload-surge");
  }

  // ---- spare warm-up (-spare-warmup) ----

  void spareWarmup(LauncherOptions options, String spareWarmup) {
    if (spareWarmup != null) {
      Duration warmup = duration("-spare-warmup", spareWarmup, null);
      check(() -> options.setSpareWarmup(warmup), "-spare-warmup");
    }
  }

  // ---- end of spare warm-up ----

  // ---- spare delay (-spare-delay) ----

  void spareDelay(LauncherOptions options, String spareDelay) {
    if (spareDelay != null) {
      Duration delay = duration("-spare-delay", spareDelay, null);
      check(() -> options.setSpareDelay(delay), "-spare-delay");
    }
  }

  // ---- end of spare delay ----

  // ---- limits under abuse: the worker ceiling (-max-workers) ----

  void workerCeiling(LauncherOptions options, int maxWorkers, ParseResult parsed) {
    if (parsed.hasMatchedOption("-max-workers")) {
      if (maxWorkers < 1) {
        throw new ParameterException(line, "-max-workers must be >= 1, was " + maxWorkers);
      }
      options.setMaxWorkers(maxWorkers);
    }
    String refused = options.workerCeiling().refusal(options.getWorkers());
    if (refused != null) {
      throw new ParameterException(line, "-workers: " + refused);
    }
  }

  void connectionLimits(LauncherOptions options, String headerTimeout, String keepAliveTimeout,
      String requestTimeout, int maxConnections) {
    ConnectionLimits defaults = ConnectionLimits.DEFAULTS;
    Duration head = duration("-header-timeout", headerTimeout, defaults.headerTimeout());
    Duration idle = duration("-keepalive-timeout", keepAliveTimeout,
        defaults.keepAliveTimeout());
    Duration request = duration("-request-timeout", requestTimeout, defaults.requestTimeout());
    check(() -> options.setConnectionLimits(
        new ConnectionLimits(head, idle, request, maxConnections)), "-max-connections");
  }

  private Duration duration(String option, String text, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(line, option + ": " + e.getMessage());
    }
  }

  // ---- end of limits under abuse ----

  void name(LauncherOptions options, String name) {
    check(() -> options.setName(name), "-name");
  }

  private void check(Runnable setter, String option) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String name = option.substring(1);
      throw new ParameterException(line, message.startsWith(option) ? message
          : message.startsWith(name) ? "-" + message : option + ": " + message);
    }
  }
}

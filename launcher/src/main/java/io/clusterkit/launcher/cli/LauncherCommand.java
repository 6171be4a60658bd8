package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.Cluster;
import io.clusterkit.launcher.HealthCheckOptions;
import io.clusterkit.launcher.LaunchException;
import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.impl.ClusterControl;
import io.clusterkit.launcher.impl.ClusterEvents;
import io.clusterkit.launcher.signals.LauncherSignals;
import io.clusterkit.verticles.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar launcher.jar [options] [VERTICLE]}: starts a cluster and runs it until it is
 * told to stop. A thin shell over the {@link ClusterControl} that {@link Cluster} wraps too: the
 * signal handlers command the cluster through it.
 */
@Command(name = "launcher.jar", mixinStandardHelpOptions = true, separator = " ",
    versionProvider = VersionProvider.class, sortOptions = false,
    subcommands = {StatusCommand.class, ReloadCommand.class, RestartCommand.class,
        ScaleCommand.class, StopCommand.class, LogsCommand.class, MonitCommand.class},
    description = "Runs a Vert.x verticle on N worker JVMs behind one public port.",
    footer = {"", "Signals: TERM or INT stops gracefully (drain, then kill after -grace); "
        + "a second one stops at once. HUP or USR2 reloads every worker, one by one. "
        + "TTIN adds a worker, TTOU removes one."})
public final class LauncherCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "-workers", paramLabel = "N",
      description = "Worker processes (default: available processors, ${DEFAULT-VALUE}).")
  private int workers = LauncherOptions.defaultWorkers();

  @Option(names = "-port", paramLabel = "P",
      description = "Public port of serve(); 0 picks a free one. Given, it opens at boot; not "
          + "given, ${DEFAULT-VALUE} opens on the first serve().")
  private int port = LauncherOptions.DEFAULT_PORT;

  @Option(names = "-host", paramLabel = "HOST",
      description = "Address the public port binds (default: ${DEFAULT-VALUE}).")
  private String host = LauncherOptions.DEFAULT_HOST;

  @Option(names = "-cp", paramLabel = "PATH",
      description = "Jars or class folders of your application, ':'-separated.")
  private String classpath;

  @Option(names = "-instances", paramLabel = "K",
      description = "Verticle instances per worker (default: ${DEFAULT-VALUE}).")
  private int instances = LauncherOptions.DEFAULT_INSTANCES;

  @Option(names = "-conf", paramLabel = "FILE|JSON",
      description = "The verticle's configuration: a JSON file or inline JSON.")
  private String conf;

  @Option(names = "-worker-opts", paramLabel = "FLAGS",
      description = "Extra JVM flags for every worker, e.g. \"-Xmx1g\" (they win over defaults).")
  private String workerOpts;

  @Option(names = "-grace", paramLabel = "SECONDS",
      description = "How long workers may drain at stop before they are killed "
          + "(default: ${DEFAULT-VALUE}).")
  private double grace = LauncherOptions.DEFAULT_GRACE.toSeconds();

  @Option(names = "-queue-timeout", paramLabel = "SECONDS",
      description = "How long a new connection waits for a READY worker before a 503 "
          + "(default: ${DEFAULT-VALUE}).")
  private double queueTimeout = LauncherOptions.DEFAULT_QUEUE_TIMEOUT.toSeconds();

  @Option(names = "-balance", paramLabel = "STRATEGY",
      description = "How each new connection picks a worker: ${COMPLETION-CANDIDATES} "
          + "(default: ${DEFAULT-VALUE}).", completionCandidates = BalanceNames.class)
  private String balance = LauncherOptions.DEFAULT_BALANCE;

  @Option(names = "-sticky",
      description = "Pin each client to a worker by its IP: the same as -balance ip-hash.")
  private boolean sticky;

  @Option(names = "-proxy-protocol",
      description = "Behind a load balancer: read its PROXY protocol v1/v2 header on every "
          + "connection and balance on, and show workers, the client it names.")
  private boolean proxyProtocol;

  @Option(names = "-router", paramLabel = "MODE",
      description = "How the launcher gives each connection to its worker: handoff (the socket "
          + "itself; Linux), forward (copies bytes; anywhere) or auto (default: handoff where "
          + "it works).")
  private String router = LauncherOptions.DEFAULT_ROUTER;

  @Option(names = "-transport", paramLabel = "NAME",
      description = "Netty transport of the workers' event loops: auto (default: io_uring where "
          + "the kernel allows it, else epoll; forward workers always epoll), io_uring or epoll.")
  private String transport = LauncherOptions.DEFAULT_TRANSPORT;

  @Option(names = "-heartbeat-timeout", paramLabel = "SECONDS",
      description = "A READY worker without a heartbeat (one a second) this long is replaced "
          + "(default: ${DEFAULT-VALUE}).")
  private double heartbeatTimeout = LauncherOptions.DEFAULT_HEARTBEAT_TIMEOUT.toSeconds();

  @Option(names = "-max-blocked", paramLabel = "SECONDS",
      description = "A worker whose event loop stays blocked this long is replaced "
          + "(default: ${DEFAULT-VALUE}).")
  private double maxBlocked = LauncherOptions.DEFAULT_MAX_BLOCKED.toSeconds();

  @Option(names = "-max-memory", paramLabel = "SIZE",
      description = "A worker whose heap after GC passes SIZE (e.g. 200m, 1g) is replaced "
          + "drain-first (default: none).")
  private String maxMemory;

  @Option(names = "-no-cds",
      description = "Start workers without class-data sharing archives (by default the first "
          + "worker of a classpath records one and later workers boot from it).")
  private boolean noClassArchives;

  @Option(names = "-cds-dir", paramLabel = "DIR",
      description = "Where class-data sharing archives are kept (default: $CLUSTERKIT_CDS_DIR, "
          + "else ~/.clusterkit/cds).")
  private Path classArchiveDir;

  // ---- the workers' JDK (-java) ----
  @Option(names = "-java", paramLabel = "PATH",
      description = "The JDK the workers run on: a JDK home or a java executable, Java 17 or "
          + "later (default: the launcher's own).")
  private Path workerJava;
  // ---- end of the workers' JDK ----

  @Option(names = "-health", paramLabel = "PATH",
      description = "GET PATH on every worker's own server: a worker is routed to once a check "
          + "passes (2xx or 3xx in time), and replaced after -health-failures in a row "
          + "(default: off).")
  private String healthPath;

  @Option(names = "-health-interval", paramLabel = "SECONDS",
      description = "Between two checks of a READY worker (default: ${DEFAULT-VALUE}).")
  private double healthInterval = HealthCheckOptions.DEFAULT_INTERVAL.toMillis() / 1000.0;

  @Option(names = "-health-timeout", paramLabel = "SECONDS",
      description = "How long one check may take (default: ${DEFAULT-VALUE}).")
  private double healthTimeout = HealthCheckOptions.DEFAULT_TIMEOUT.toMillis() / 1000.0;

  @Option(names = "-health-failures", paramLabel = "N",
      description = "Failed checks in a row before a worker is replaced "
          + "(default: ${DEFAULT-VALUE}).")
  private int healthFailures = HealthCheckOptions.DEFAULT_FAILURES;

  @Option(names = "-metrics", paramLabel = "[HOST:]PORT",
      description = "Serve the cluster's metrics for Prometheus on HOST:PORT (GET /metrics; "
          + "HOST defaults to " + LauncherOptions.DEFAULT_METRICS_HOST + ", PORT 0 picks a free "
          + "one) and have every worker record its meters (default: off).")
  private String metrics;

  // ---- restart policy and recycling by request count ----
  @Mixin
  private RestartFlags restartFlags;

  // ---- spares and surge reloads ----
  @Option(names = "-spares", paramLabel = "K",
      description = "Worker JVMs kept booted without a slot, each taking the next slot that needs "
          + "a process (crash, replacement, scale up, reload step); 0 boots a JVM each time "
          + "(default: ${DEFAULT-VALUE}).")
  private int spares = LauncherOptions.DEFAULT_SPARES;

  @Option(names = "-reload-surge", paramLabel = "K",
      description = "Spares of the new code a reload boots side by side ahead of its steps "
          + "(default: ${DEFAULT-VALUE}; none with -spares 0).")
  private int reloadSurge = LauncherOptions.DEFAULT_RELOAD_SURGE;
  // ---- end spares ----

  // ---- spare warm-up ----
  @Option(names = "-spare-warmup", paramLabel = "DURATION",
      description = "How long a waiting spare warms up its HTTP path in its own JVM, so that it "
          + "serves at full speed once it takes a slot (a slot cuts it short); 0: off "
          + "(default: 5s).")
  private String spareWarmup;
  // ---- end spare warm-up ----

  // ---- spare delay ----
  @Option(names = "-spare-delay", paramLabel = "DURATION",
      description = "How long every serving worker must have served before a spare boots in the "
          + "background (a JVM booting beside a worker that has just taken its slot slows it "
          + "down); a slot that needs a process now never waits for it; 0: at once "
          + "(default: 10s).")
  private String spareDelay;
  // ---- end spare delay ----

  // ---- limits under abuse ----
  @Mixin
  private LimitFlags limitFlags;
  // ---- end of limits under abuse ----

  @Option(names = "-name", paramLabel = "NAME",
      description = "This launcher's name for status, reload, scale and stop "
          + "(default: clusterkit-PORT).")
  private String name;

  // -options: read by run() before the command line is parsed (see OptionsFileArgs)
  @Option(names = OptionsFileArgs.OPTION, paramLabel = "FILE",
      description = "Read options from a JSON or YAML file: each key an option without its "
          + "leading dash (workers: 4), or verticle; options on the command line win.")
  private Path optionsFile;

  // -- log files --
  @Mixin
  private LogFlags logFlags;
  // -- end of log files --

  // ---- several hosts: join launchers on other hosts into one cluster ----
  @Mixin
  private JoinFlags joinFlags;
  // ---- end of several hosts ----

  @Parameters(index = "0", arity = "0..1", paramLabel = "VERTICLE",
      description = "The verticle class; default: Main-Verticle in the first -cp jar's manifest.")
  private String verticle;

  /**
   * Parses args, runs the cluster until it ends, and reports.
   *
   * @param args the command line
   * @return the exit code
   */
  public static int run(String[] args) {
    CommandLine line = new CommandLine(new LauncherCommand());
    OptionsFileArgs.Merged merged;
    try {
      merged = OptionsFileArgs.merge(() -> new CommandLine(new LauncherCommand()), args);
    } catch (OptionsFileException e) {
      return usage(line.getErr(), e.getMessage());
    }
    line.setParameterExceptionHandler((e, rest) -> usage(e.getCommandLine().getErr(),
        merged == null ? e.getMessage() : merged.attribute(e.getMessage())));
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      err.println("launcher: " + e);
      err.flush();
      return ExitCodes.INTERNAL;
    });
    return line.execute(merged == null ? args : merged.args());
  }

  private static int usage(PrintWriter err, String message) {
    err.println("launcher: " + message);
    err.println("Try 'java -jar launcher.jar --help' for the options.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public Integer call() {
    LauncherOptions options = new OptionsBuilder(spec.commandLine()).build(workers, port, host,
        classpath, instances, conf, workerOpts, grace, queueTimeout, verticle);
    options.setAcceptProxyProtocol(proxyProtocol);
    ParseResult parsed = spec.commandLine().getParseResult();
    // not given: opened on the first serve(); tests move it off 8080 (clusterkit.defaultPort)
    if (!parsed.hasMatchedOption("-port")) {
      options.setPortOnDemand(Integer.getInteger("clusterkit.defaultPort",
          LauncherOptions.DEFAULT_PORT));
    }
    OptionsBuilder builder = new OptionsBuilder(spec.commandLine());
    builder.balance(options, balance, sticky, parsed.hasMatchedOption("-balance"));
    builder.router(options, router, parsed.hasMatchedOption("-router"));
    builder.transport(options, transport);
    builder.name(options, name);
    builder.health(options, heartbeatTimeout, maxBlocked, maxMemory);
    options.setClassArchives(!noClassArchives).setClassArchiveDir(classArchiveDir);
    builder.workerJava(options, workerJava);
    builder.healthCheck(options, healthPath, healthInterval, healthTimeout, healthFailures,
        parsed);
    builder.metrics(options, metrics);
    restartFlags.apply(builder, options, parsed);
    logFlags.apply(builder, options, parsed);
    limitFlags.applyCeiling(builder, options, parsed);
    builder.spares(options, spares, reloadSurge);
    builder.spareWarmup(options, spareWarmup);
    builder.spareDelay(options, spareDelay);
    limitFlags.applyConnectionLimits(builder, options);
    builder.join(options, joinFlags, parsed);
    ClusterControl cluster = ClusterControl.create(options, new ClusterEvents());
    LauncherSignals.install(cluster);
    try {
      cluster.start().toCompletionStage().toCompletableFuture().join();
    } catch (CompletionException e) {
      return failed(e.getCause());
    }
    int code = cluster.terminated().toCompletionStage().toCompletableFuture().join();
    if (code != ExitCodes.OK) {
      spec.commandLine().getErr().println("launcher: " + cluster.terminationReason());
      spec.commandLine().getErr().flush();
    }
    return code;
  }

  private int failed(Throwable cause) {
    PrintWriter err = spec.commandLine().getErr();
    if (cause instanceof LaunchException launch && launch.exitCode() == ExitCodes.OK) {
      spec.commandLine().getOut().println("ClusterKit stopped before every worker was READY");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    if (cause instanceof LaunchException launch) {
      err.println("launcher: " + launch.getMessage());
      err.flush();
      return launch.exitCode();
    }
    err.println("launcher: " + cause);
    err.flush();
    return ExitCodes.INTERNAL;
  }

  static Duration seconds(String option, double value) {
    if (value < 0 || Double.isNaN(value)) {
      throw new IllegalArgumentException(option + " must be >= 0 seconds, was " + value);
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }

  static List<String> split(String flags) {
    return flags == null || flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
  }

  static Path path(String entry) {
    return Path.of(entry);
  }
}

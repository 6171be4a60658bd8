package io.clusterkit.launcher;

import io.clusterkit.sticky.Balancers;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.protocol.ConnectionLimits;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Cluster} runs: how many workers, which verticle, where the public port is, and
 * how the worker JVMs are started and stopped. Setters validate at once and name the argument.
 */
public final class LauncherOptions {

  /** The default public port. */
  public static final int DEFAULT_PORT = RouterOptions.DEFAULT_PORT;
  /** The default public host: every interface. */
  public static final String DEFAULT_HOST = RouterOptions.DEFAULT_HOST;
  /** Verticle instances per worker by default. */
  public static final int DEFAULT_INSTANCES = 1;

  // -- spares and surge reloads --
  /** Spare worker processes (booted, no slot) kept by default. */
  public static final int DEFAULT_SPARES = 1;
  /** Spares of the new code a reload keeps booted ahead of its steps, by default. */
  public static final int DEFAULT_RELOAD_SURGE = 2;
  // -- end spares --
  // -- spare warm-up --
  /** How long a waiting spare warms its HTTP path up by default (0 turns it off). */
  public static final Duration DEFAULT_SPARE_WARMUP = Duration.ofSeconds(5);
  /** The longest spare warm-up accepted: past it the JIT has long compiled the hot paths. */
  public static final Duration MAX_SPARE_WARMUP = Duration.ofMinutes(5);
  // -- end spare warm-up --
  // -- spare delay --
  /**
   * How long every serving worker must have served before a spare boots in the background, by
   * default (0 boots one as soon as the pool needs it).
   */
  public static final Duration DEFAULT_SPARE_DELAY = Duration.ofSeconds(10);
  /** The longest spare delay accepted: past it, -spares 0 says what is meant. */
  public static final Duration MAX_SPARE_DELAY = Duration.ofHours(1);
  // -- end spare delay --
  /** How long a drain may take at stop before workers are killed. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  /** How long a new connection waits for a READY worker before it gets a 503. */
  public static final Duration DEFAULT_QUEUE_TIMEOUT = RouterOptions.DEFAULT_QUEUE_TIMEOUT;
  /** The default balancing strategy. */
  public static final String DEFAULT_BALANCE = Balancers.ROUND_ROBIN;
  /** How long a READY worker may go without a heartbeat (one a second) before it is replaced. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a worker's event loop may stay blocked before the worker is replaced. */
  public static final Duration DEFAULT_MAX_BLOCKED = Duration.ofSeconds(10);
  /** The default router: socket hand-off where it works (Linux, native epoll), else forward. */
  public static final String DEFAULT_ROUTER = RouterMode.AUTO;

  /**
   * The default transport of workers: auto, io_uring for workers that take handed-off sockets
   * where the kernel allows it, epoll elsewhere (see {@link #setTransport}).
   */
  public static final String DEFAULT_TRANSPORT = WorkerTransport.AUTO;
  /** Where the metrics endpoint listens unless {@code -metrics} names a host. */
  public static final String DEFAULT_METRICS_HOST = "127.0.0.1";

  /** The heap bound of each worker unless the worker options say otherwise. */
  public static final String DEFAULT_WORKER_HEAP = "256m";

  private int workers = defaultWorkers();
  private final RouterOptions router;
  /** Whether setPort was called: the port is then opened at boot, else on the first serve(). */
  private boolean portGiven;
  private String balance = DEFAULT_BALANCE;
  private String routerChoice = DEFAULT_ROUTER;
  private String transportChoice = DEFAULT_TRANSPORT;
  private String name;
  private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
  private Duration maxBlocked = DEFAULT_MAX_BLOCKED;
  private long maxMemory;
  private HealthCheckOptions healthCheck;
  private final List<Path> classpath = new ArrayList<>();
  private String verticle;
  private int instances = DEFAULT_INSTANCES;
  private int spares = DEFAULT_SPARES;
  private Duration spareWarmup = DEFAULT_SPARE_WARMUP;
  private Duration spareDelay = DEFAULT_SPARE_DELAY;
  private int reloadSurge = DEFAULT_RELOAD_SURGE;
  private JsonObject config = new JsonObject();
  private final List<String> workerJvmOptions = new ArrayList<>();
  private Duration grace = DEFAULT_GRACE;
  private boolean classArchives = true;
  private Path classArchiveDir;
  private String metricsHost = DEFAULT_METRICS_HOST;
  private int metricsPort = -1;
  // restart policy and recycling by request count (-max-restarts ... -max-requests-jitter)
  private RestartPolicyOptions restartPolicy = new RestartPolicyOptions();
  private long maxRequests;
  private long maxRequestsJitter;
  // -- log files (-log-dir and its limits) --
  private LogOptions logs;
  // ---- limits under abuse: the worker ceiling (-max-workers) ----
  private int maxWorkers;
  private ConnectionLimits connectionLimits = ConnectionLimits.DEFAULTS;
  // ---- end of limits under abuse ----
  // ---- the workers' JDK (-java) ----
  private Path java;
  // ---- end of the workers' JDK ----
  // ---- several hosts: how this launcher joins others (-cluster-name ... -backup-count) ----
  private JoinOptions join = new JoinOptions();
  // ---- end of several hosts ----

  /** Creates options with the defaults (one worker per available processor). */
  public LauncherOptions() {
    router = new RouterOptions();
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public LauncherOptions(LauncherOptions other) {
    this.workers = other.workers;
    this.router = new RouterOptions(other.router);
    this.portGiven = other.portGiven;
    this.balance = other.balance;
    this.routerChoice = other.routerChoice;
    this.transportChoice = other.transportChoice;
    this.name = other.name;
    this.heartbeatTimeout = other.heartbeatTimeout;
    this.maxBlocked = other.maxBlocked;
    this.maxMemory = other.maxMemory;
    this.healthCheck = other.healthCheck == null
        ? null : new HealthCheckOptions(other.healthCheck);
    this.classpath.addAll(other.classpath);
    this.verticle = other.verticle;
    this.instances = other.instances;
    this.spares = other.spares;
    this.reloadSurge = other.reloadSurge;
    this.spareWarmup = other.spareWarmup;
    this.spareDelay = other.spareDelay;
    this.config = other.config.copy();
    this.workerJvmOptions.addAll(other.workerJvmOptions);
    this.grace = other.grace;
    this.classArchives = other.classArchives;
    this.classArchiveDir = other.classArchiveDir;
    this.metricsHost = other.metricsHost;
    this.metricsPort = other.metricsPort;
    this.restartPolicy = new RestartPolicyOptions(other.restartPolicy);
    this.maxRequests = other.maxRequests;
    this.maxRequestsJitter = other.maxRequestsJitter;
    this.logs = other.logs == null ? null : new LogOptions(other.logs);
    this.maxWorkers = other.maxWorkers;
    this.connectionLimits = other.connectionLimits;
    this.java = other.java;
    this.join = new JoinOptions(other.join);
  }

  /**
   * The default number of workers: one per processor available to this JVM.
   *
   * @return {@code Runtime.getRuntime().availableProcessors()}
   */
  public static int defaultWorkers() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** @return the number of worker processes */
  public int getWorkers() {
    return workers;
  }

  /**
   * Sets the number of worker processes.
   *
   * @param workers at least 1
   * @return these options
   */
  public LauncherOptions setWorkers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    this.workers = workers;
    return this;
  }

  // ---- limits under abuse: the worker ceiling (-max-workers) ----

  /** @return the operator's ceiling on the worker count, 0 when it is derived from the machine */
  public int getMaxWorkers() {
    return maxWorkers;
  }

  /**
   * Sets the ceiling on the worker count (at launch, scale, TTIN) instead of the one derived from
   * the machine's cores and memory (see {@link io.clusterkit.launcher.process.WorkerCeiling}).
   *
   * @param maxWorkers at least 1, or 0 to derive it from the machine
   * @return these options
   */
  public LauncherOptions setMaxWorkers(int maxWorkers) {
    if (maxWorkers < 0) {
      throw new IllegalArgumentException("max-workers must be >= 1, was " + maxWorkers);
    }
    this.maxWorkers = maxWorkers;
    return this;
  }

  /**
   * The ceiling these options give on this machine.
   *
   * @return the ceiling: the operator's, or one derived from the cores and the memory against
   *     each worker's heap
   */
  public io.clusterkit.launcher.process.WorkerCeiling workerCeiling() {
    return io.clusterkit.launcher.process.WorkerCeiling.forThisMachine(maxWorkers,
        workerJvmOptions, DEFAULT_WORKER_HEAP);
  }

  /** @return the limits on stalled clients and connections of each worker's {@code serve()} */
  public ConnectionLimits getConnectionLimits() {
    return connectionLimits;
  }

  /**
   * Sets the limits each worker's {@code serve()} puts on its clients: how long a request head
   * and a whole request may take, how long a connection may stay silent between requests, how
   * many connections a worker holds (see {@link ConnectionLimits} for the defaults).
   *
   * @param connectionLimits not null
   * @return these options
   */
  public LauncherOptions setConnectionLimits(ConnectionLimits connectionLimits) {
    this.connectionLimits = Objects.requireNonNull(connectionLimits, "connectionLimits");
    return this;
  }

  // ---- end of limits under abuse ----

  /** @return the public host */
  public String getHost() {
    return router.getHost();
  }

  /**
   * Sets the address the public port binds.
   *
   * @param host an IP address or host name of this machine
   * @return these options
   */
  public LauncherOptions setHost(String host) {
    router.setHost(host);
    return this;
  }

  /** @return the public port, 0 for a free one */
  public int getPort() {
    return router.getPort();
  }

  /**
   * Sets the public port, the one {@code serve()} uses: given, it is opened at boot, and a port
   * that cannot be opened fails the start. Never given, {@link #DEFAULT_PORT} is opened on the
   * first {@code serve()} of any worker (or a worker's own listen on it), so an application that
   * only listens by itself never needs it.
   *
   * @param port 0..65535; 0 picks a free port
   * @return these options
   */
  public LauncherOptions setPort(int port) {
    router.setPort(port);
    portGiven = true;
    return this;
  }

  /**
   * @return whether the public port was set ({@link #setPort}): opened at boot if so, else on
   *     the first {@code serve()}
   */
  public boolean isPortGiven() {
    return portGiven;
  }

  /**
   * Sets the public port as not given: opened on the first {@code serve()} of any worker (or a
   * worker's own listen on it) rather than at boot, as {@link #DEFAULT_PORT} is when
   * {@link #setPort} is never called.
   *
   * @param port 1..65535
   * @return these options
   */
  public LauncherOptions setPortOnDemand(int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("a port opened on demand must be 1..65535, was " + port);
    }
    router.setPort(port);
    portGiven = false;
    return this;
  }

  /** @return the name of the balancing strategy */
  public String getBalance() {
    return balance;
  }

  /**
   * Chooses how each new connection picks a worker: a balancer of the launcher, or
   * {@link Balancers#REUSEPORT} (every worker binds the public port and the kernel picks).
   *
   * @param balance a name of {@link Balancers#names()}
   * @return these options
   */
  public LauncherOptions setBalance(String balance) {
    Balancers.routed(balance);
    this.balance = balance;
    return this;
  }

  /** @return how long a READY worker may go without a heartbeat */
  public Duration getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * Sets how long a READY worker may go without a heartbeat (workers beat every second) before
   * it is replaced: no more connections for it, a replacement started, TERM, KILL after grace.
   *
   * @param heartbeatTimeout at least 2 s
   * @return these options
   */
  public LauncherOptions setHeartbeatTimeout(Duration heartbeatTimeout) {
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    if (heartbeatTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("heartbeat-timeout must be >= 2 seconds, was "
          + heartbeatTimeout.toMillis() / 1000.0);
    }
    this.heartbeatTimeout = heartbeatTimeout;
    return this;
  }

  /** @return how long a worker's event loop may stay blocked */
  public Duration getMaxBlocked() {
    return maxBlocked;
  }

  /**
   * Sets how long a worker's event loop may stay blocked (a task that never returns, a deadlock)
   * before the worker is replaced as with a missed heartbeat.
   *
   * @param maxBlocked at least 1 s
   * @return these options
   */
  public LauncherOptions setMaxBlocked(Duration maxBlocked) {
    Objects.requireNonNull(maxBlocked, "maxBlocked");
    if (maxBlocked.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("max-blocked must be >= 1 second, was "
          + maxBlocked.toMillis() / 1000.0);
    }
    this.maxBlocked = maxBlocked;
    return this;
  }

  /** @return the heap-after-GC ceiling of a worker in bytes, 0 for none */
  public long getMaxMemory() {
    return maxMemory;
  }

  /**
   * Sets a memory ceiling per worker, on the heap in use right after the latest garbage
   * collection (what the application really holds, not garbage waiting): a worker past it is
   * replaced drain-first, like a one-slot reload, without failing a request.
   *
   * @param bytes the ceiling, 0 for none
   * @return these options
   */
  public LauncherOptions setMaxMemory(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("max-memory must be >= 0, was " + bytes);
    }
    this.maxMemory = bytes;
    return this;
  }

  /** @return a copy of the HTTP health check of the workers, or null when there is none */
  public HealthCheckOptions getHealthCheck() {
    return healthCheck == null ? null : new HealthCheckOptions(healthCheck);
  }

  /**
   * Turns on the launcher's HTTP health check of its workers ({@code -health PATH}), or off:
   * each READY worker's own server is asked for the path every interval and replaced after too
   * many failed checks in a row; a starting worker is routed to only once a check has passed.
   *
   * @param healthCheck the check (copied), or null for none
   * @return these options
   */
  public LauncherOptions setHealthCheck(HealthCheckOptions healthCheck) {
    this.healthCheck = healthCheck == null ? null : new HealthCheckOptions(healthCheck);
    return this;
  }

  /** @return the launcher's name for the control commands, or null for clusterkit-PORT */
  public String getName() {
    return name;
  }

  /**
   * Names the launcher, so that {@code status}, {@code reload}, {@code scale} and {@code stop}
   * can tell it from other launchers of the same user.
   *
   * @param name letters, digits, '.', '_' or '-'; null for {@code clusterkit-<public port>}
   * @return these options
   */
  public LauncherOptions setName(String name) {
    if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be letters, digits, '.', '_' or '-', was '"
          + name + "'");
    }
    this.name = name;
    return this;
  }

  /** @return how the launcher gives connections to workers: auto, handoff or forward */
  public String getRouter() {
    return routerChoice;
  }

  /**
   * Chooses how the launcher gives each connection to its worker: {@code handoff} passes the
   * socket itself (Linux with native epoll; the launcher leaves the data path), {@code forward}
   * copies bytes through the launcher (works everywhere, about half the throughput), {@code auto}
   * is hand-off where it works. Not used by {@link Balancers#REUSEPORT}, which has no router.
   *
   * @param router auto, handoff or forward (any case)
   * @return these options
   */
  public LauncherOptions setRouter(String router) {
    Objects.requireNonNull(router, "router");
    this.routerChoice = RouterMode.checkChoice(router);
    return this;
  }

  /** @return the transport workers serve clients on: auto, io_uring or epoll */
  public String getTransport() {
    return transportChoice;
  }

  /**
   * Chooses the Netty transport of the workers' event loops, which serve clients: {@code auto}
   * (the default) takes io_uring (fewer system calls per request and per connection) wherever the
   * kernel allows it (a seccomp policy may forbid it), and epoll elsewhere; {@code io_uring} or
   * {@code epoll} insist. Workers of the forward router always run epoll.
   *
   * @param transport auto, io_uring or epoll (any case)
   * @return these options
   */
  public LauncherOptions setTransport(String transport) {
    Objects.requireNonNull(transport, "transport");
    this.transportChoice = WorkerTransport.checkChoice(transport);
    return this;
  }

  /** @return whether connections on the public port start with a PROXY protocol header */
  public boolean isAcceptProxyProtocol() {
    return router.isAcceptProxyProtocol();
  }

  /**
   * Reads a HAProxy PROXY protocol header (v1 or v2) at the start of every connection on the
   * public port: behind a load balancer, the router balances on, and workers see, the client it
   * names. Only for a port that nothing but the load balancer can reach.
   *
   * @param acceptProxyProtocol true behind a load balancer that sends PROXY headers
   * @return these options
   */
  public LauncherOptions setAcceptProxyProtocol(boolean acceptProxyProtocol) {
    router.setAcceptProxyProtocol(acceptProxyProtocol);
    return this;
  }

  /** @return a copy of the options of the router on the public port */
  public RouterOptions getRouterOptions() {
    return new RouterOptions(router);
  }

  /** @return the user's classpath entries given to workers */
  public List<Path> getClasspath() {
    return List.copyOf(classpath);
  }

  /**
   * Adds a jar or class folder to the workers' classpath.
   *
   * @param entry an existing jar or directory
   * @return these options
   */
  public LauncherOptions addClasspath(Path entry) {
    Objects.requireNonNull(entry, "entry");
    if (!entry.toFile().exists()) {
      throw new IllegalArgumentException("classpath entry " + entry + " does not exist");
    }
    classpath.add(entry.toAbsolutePath().normalize());
    return this;
  }

  /** @return the verticle class name, or null when not chosen yet */
  public String getVerticle() {
    return verticle;
  }

  /**
   * Sets the verticle class every worker deploys.
   *
   * @param verticle a fully qualified class name
   * @return these options
   */
  public LauncherOptions setVerticle(String verticle) {
    Objects.requireNonNull(verticle, "verticle");
    if (verticle.isBlank()) {
      throw new IllegalArgumentException("verticle must not be blank");
    }
    this.verticle = verticle;
    return this;
  }

  /** @return the verticle instances per worker */
  public int getInstances() {
    return instances;
  }

  /**
   * Sets how many instances of the verticle each worker deploys.
   *
   * @param instances at least 1
   * @return these options
   */
  public LauncherOptions setInstances(int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1, was " + instances);
    }
    this.instances = instances;
    return this;
  }

  // -- spares and surge reloads --
  /** @return how many spare worker processes (booted, without a slot) the launcher keeps */
  public int getSpares() {
    return spares;
  }

  /**
   * Sets how many spare worker processes the launcher keeps: booted, joined to the cluster, the
   * application's classes loaded, waiting for a slot that needs a process.
   *
   * @param spares 0 or more; 0 starts every worker's JVM when its slot needs it
   * @return these options
   */
  public LauncherOptions setSpares(int spares) {
    if (spares < 0) {
      throw new IllegalArgumentException("spares must be >= 0, was " + spares);
    }
    this.spares = spares;
    return this;
  }

  /** @return how many spares of the new code a reload keeps booted ahead of its steps */
  public int getReloadSurge() {
    return reloadSurge;
  }

  /**
   * Sets how many spares of the new code a reload boots side by side ahead of its steps.
   *
   * @param reloadSurge at least 1
   * @return these options
   */
  public LauncherOptions setReloadSurge(int reloadSurge) {
    if (reloadSurge < 1) {
      throw new IllegalArgumentException("reload-surge must be >= 1, was " + reloadSurge);
    }
    this.reloadSurge = reloadSurge;
    return this;
  }
  // -- end spares --

  // -- spare warm-up --
  /** @return how long a waiting spare warms its HTTP path up; zero when it does not */
  public Duration getSpareWarmup() {
    return spareWarmup;
  }

  /**
   * Sets how long a spare, once booted, warms up the HTTP path in its own JVM (a private
   * 127.0.0.1 server and client) while it waits, so that it serves at full speed from its first
   * request; a slot given to it cuts the warm-up short at once. Spares booted for a reload do not
   * warm up.
   *
   * @param spareWarmup zero (off) up to {@link #MAX_SPARE_WARMUP}
   * @return these options
   */
  public LauncherOptions setSpareWarmup(Duration spareWarmup) {
    Objects.requireNonNull(spareWarmup, "spareWarmup");
    if (spareWarmup.isNegative() || spareWarmup.compareTo(MAX_SPARE_WARMUP) > 0) {
      throw new IllegalArgumentException("spare-warmup must be between 0 and "
          + MAX_SPARE_WARMUP.toSeconds() + " seconds, was " + spareWarmup.toMillis() / 1000.0);
    }
    this.spareWarmup = spareWarmup;
    return this;
  }
  // -- end spare warm-up --

  // -- spare delay --
  /** @return how long every serving worker must have served before a spare boots; zero: no wait */
  public Duration getSpareDelay() {
    return spareDelay;
  }

  /**
   * Sets how long every serving worker must have served before a spare that refills the pool
   * (after a promotion, a reload, a spare's death, the first boot) starts to boot: a JVM booting
   * and warming up beside a worker that has just taken its slot takes the CPU that worker needs
   * to compile its own code. A slot that needs a process and finds no spare boots a JVM at once,
   * and a reload's surge spares boot at once, whatever the delay.
   *
   * @param spareDelay zero (no wait) up to {@link #MAX_SPARE_DELAY}
   * @return these options
   */
  public LauncherOptions setSpareDelay(Duration spareDelay) {
    Objects.requireNonNull(spareDelay, "spareDelay");
    if (spareDelay.isNegative() || spareDelay.compareTo(MAX_SPARE_DELAY) > 0) {
      throw new IllegalArgumentException("spare-delay must be between 0 and "
          + MAX_SPARE_DELAY.toSeconds() + " seconds, was " + spareDelay.toMillis() / 1000.0);
    }
    this.spareDelay = spareDelay;
    return this;
  }
  // -- end spare delay --

  /** @return a copy of the verticle configuration */
  public JsonObject getConfig() {
    return config.copy();
  }

  /**
   * Sets the verticle configuration.
   *
   * @param config a JSON object
   * @return these options
   */
  public LauncherOptions setConfig(JsonObject config) {
    this.config = Objects.requireNonNull(config, "config").copy();
    return this;
  }

  /** @return the extra JVM flags of every worker */
  public List<String> getWorkerJvmOptions() {
    return List.copyOf(workerJvmOptions);
  }

  /**
   * Adds JVM flags for every worker; they come after ClusterKit's defaults, so they win.
   *
   * @param options flags such as {@code -Xmx1g}
   * @return these options
   */
  public LauncherOptions addWorkerJvmOptions(List<String> options) {
    for (String option : options) {
      workerJvmOptions.add(Objects.requireNonNull(option, "option"));
    }
    return this;
  }

  /** @return whether workers start from class-data sharing archives (on by default) */
  public boolean isClassArchives() {
    return classArchives;
  }

  /**
   * Turns class-data sharing archives for workers on or off. When on, the first worker of a
   * classpath records which classes it loaded, just before it reports READY, and every later
   * worker of that classpath maps them from the archive instead of loading them again: workers
   * are READY sooner (2-20 % here), and use less memory. It needs a classpath of
   * jar files; it is skipped when the worker options choose their own {@code -Xshare} or
   * {@code SharedArchiveFile}.
   *
   * @param on whether to use archives
   * @return these options
   */
  public LauncherOptions setClassArchives(boolean on) {
    this.classArchives = on;
    return this;
  }

  /** @return the archive directory, or null for the default */
  public Path getClassArchiveDir() {
    return classArchiveDir;
  }

  /**
   * Sets where class-data sharing archives are kept: a directory of this user that no one else
   * can write to; the default is {@code $CLUSTERKIT_CDS_DIR}, else {@code ~/.clusterkit/cds}.
   *
   * @param dir the directory, null for the default
   * @return these options
   */
  public LauncherOptions setClassArchiveDir(Path dir) {
    this.classArchiveDir = dir;
    return this;
  }

  // ---- the workers' JDK (-java) ----
  /** @return the JDK workers run on (a JDK home or a java executable), null for the launcher's */
  public Path getJava() {
    return java;
  }

  /**
   * Runs the workers on another JDK than the launcher's, such as a Java 25 JDK for virtual
   * threads while the launcher stays on its own: a JDK home (its {@code bin/java} is used) or a
   * {@code java} executable. The cluster checks it when it starts, by running it once for its
   * version (the caller of {@code start} waits for that JVM to start: call it off the event
   * loop); it must be Java 17 or later. The class archives are keyed by its version.
   *
   * @param java the JDK home or java executable, null for the launcher's own
   * @return these options
   */
  public LauncherOptions setJava(Path java) {
    this.java = java;
    return this;
  }
  // ---- end of the workers' JDK ----

  /** @return how long a drain may take at stop */
  public Duration getGrace() {
    return grace;
  }

  /**
   * Sets how long workers may drain at stop before they are killed.
   *
   * @param grace zero or more
   * @return these options
   */
  public LauncherOptions setGrace(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0, was " + grace);
    }
    this.grace = grace;
    return this;
  }

  /** @return how long a new connection waits for a READY worker */
  public Duration getQueueTimeout() {
    return router.getQueueTimeout();
  }

  /**
   * Sets how long a new connection waits for a READY worker before it is answered 503.
   *
   * @param queueTimeout zero (answer 503 at once) or more
   * @return these options
   */
  public LauncherOptions setQueueTimeout(Duration queueTimeout) {
    router.setQueueTimeout(queueTimeout);
    return this;
  }

  /** @return the metrics endpoint's port (0 for a free one), or -1 when it is off */
  public int getMetricsPort() {
    return metricsPort;
  }

  /** @return the address the metrics endpoint binds */
  public String getMetricsHost() {
    return metricsHost;
  }

  /**
   * Serves the cluster's metrics ({@code GET /metrics}, the Prometheus text format or
   * OpenMetrics) on host:port, and has every worker record its meters; or turns that off.
   *
   * @param host the address to bind, such as {@value #DEFAULT_METRICS_HOST}
   * @param port 0..65535 (0 picks a free port), or -1 for no metrics
   * @return these options
   */
  public LauncherOptions setMetrics(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("the metrics port must be 0..65535, was " + port);
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("the metrics host must not be empty");
    }
    this.metricsHost = host;
    this.metricsPort = port;
    return this;
  }

  // ---- restart policy and recycling by request count ----

  /** @return a copy of the restart policy: backoff, restart limit, minimum uptime, boot timeout */
  public RestartPolicyOptions getRestartPolicy() {
    return new RestartPolicyOptions(restartPolicy);
  }

  /**
   * Sets how workers that exit on their own are restarted, and when a slot is given up.
   *
   * @param restartPolicy the policy (copied)
   * @return these options
   */
  public LauncherOptions setRestartPolicy(RestartPolicyOptions restartPolicy) {
    this.restartPolicy = new RestartPolicyOptions(
        Objects.requireNonNull(restartPolicy, "restartPolicy"));
    return this;
  }

  /** @return the requests after which a worker is recycled, 0 for no limit */
  public long getMaxRequests() {
    return maxRequests;
  }

  /**
   * Recycles a worker drain-first, like a one-slot reload, once it has received this many
   * requests plus a random 0..jitter of its own (Gunicorn's guard against slow leaks).
   *
   * @param maxRequests the count, 0 for no limit
   * @return these options
   */
  public LauncherOptions setMaxRequests(long maxRequests) {
    if (maxRequests < 0) {
      throw new IllegalArgumentException("max-requests must be >= 0, was " + maxRequests);
    }
    this.maxRequests = maxRequests;
    return this;
  }

  /** @return the most requests a worker's own limit adds to max-requests */
  public long getMaxRequestsJitter() {
    return maxRequestsJitter;
  }

  /**
   * Adds a random 0..jitter to each worker's max-requests, so that workers started together are
   * not all recycled together.
   *
   * @param jitter zero or more
   * @return these options
   */
  public LauncherOptions setMaxRequestsJitter(long jitter) {
    if (jitter < 0) {
      throw new IllegalArgumentException("max-requests-jitter must be >= 0, was " + jitter);
    }
    this.maxRequestsJitter = jitter;
    return this;
  }

  // -- log files (-log-dir and its limits) --

  /** @return a copy of the log file settings, or null when workers' output goes to stdout */
  public LogOptions getLogs() {
    return logs == null ? null : new LogOptions(logs);
  }

  /**
   * Sends the launcher's log and each slot's output to rolled files in a directory
   * ({@code -log-dir}), or back to the launcher's standard output, each line prefixed with
   * {@code [slot:pid]}.
   *
   * @param logs the settings (copied), or null for standard output
   * @return these options
   */
  public LauncherOptions setLogs(LogOptions logs) {
    this.logs = logs == null ? null : new LogOptions(logs);
    return this;
  }

  // ---- several hosts ----

  /** @return a copy of how this launcher joins launchers on other hosts */
  public JoinOptions getJoin() {
    return new JoinOptions(join);
  }

  /**
   * Sets how this launcher joins launchers on other hosts into one cluster.
   *
   * @param join the join settings; they must be consistent ({@link JoinOptions#validate()})
   * @return these options
   */
  public LauncherOptions setJoin(JoinOptions join) {
    Objects.requireNonNull(join, "join").validate();
    this.join = new JoinOptions(join);
    return this;
  }
  // ---- end of several hosts ----
}

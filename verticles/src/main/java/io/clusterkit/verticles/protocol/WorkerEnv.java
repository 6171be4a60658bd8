package io.clusterkit.verticles.protocol;

import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.WorkerTransport;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the launcher tells a worker process, through its environment (never its command line,
 * which any local user can read in /proc): who it is, which cluster to join, what to deploy and
 * where to serve. Every variable the launcher sets for a worker is named here; the launcher
 * writes them, the worker reads them.
 *
 * @param slot the worker's slot, 0..N-1
 * @param gen the generation of the process in its slot, 1 for the first
 * @param clusterName the launcher's cluster name (a secret)
 * @param members the Hazelcast members to join, comma-separated host:port
 * @param host the address this worker binds for Hazelcast and the event bus
 * @param verticle the verticle class to deploy
 * @param instances how many instances of it
 * @param config the verticle configuration
 * @param socketPath the Unix domain socket where {@code serve()} listens
 * @param graceMillis how long a drain may take before the launcher kills the worker
 * @param watchStdin whether to exit when standard input (a pipe from the launcher) closes
 */
public record WorkerEnv(int slot, int gen, String clusterName, String members, String host,
    String verticle, int instances, JsonObject config, String socketPath, long graceMillis,
    boolean watchStdin) {

  // The environment variables, all starting with CLUSTERKIT_. The first eleven are this
  // record's fields; they, ROUTER and TRANSPORT are set for every worker, the others only where
  // their javadoc says.

  /** The worker's slot, 0..N-1 ({@link #slot()}). */
  public static final String SLOT = "CLUSTERKIT_SLOT";
  /** The generation of the process in its slot, 1 for the first ({@link #gen()}). */
  public static final String GEN = "CLUSTERKIT_GEN";
  /** The launcher's cluster name, a secret ({@link #clusterName()}). */
  public static final String CLUSTER_NAME = "CLUSTERKIT_CLUSTER_NAME";
  /** The Hazelcast members to join, comma-separated host:port ({@link #members()}). */
  public static final String MEMBERS = "CLUSTERKIT_MEMBERS";
  /** The address the worker binds for Hazelcast and the event bus ({@link #host()}). */
  public static final String HOST = "CLUSTERKIT_HOST";
  /** The verticle class to deploy ({@link #verticle()}). */
  public static final String VERTICLE = "CLUSTERKIT_VERTICLE";
  /** How many instances of the verticle to deploy ({@link #instances()}). */
  public static final String INSTANCES = "CLUSTERKIT_INSTANCES";
  /** The verticle configuration, a JSON object ({@link #config()}). */
  public static final String CONFIG = "CLUSTERKIT_CONFIG";
  /** The worker's Unix domain socket, for hand-off or forwarding ({@link #socketPath()}). */
  public static final String SOCKET = "CLUSTERKIT_SOCKET";
  /** The grace period in milliseconds: the launcher KILLs a worker so long after TERM. */
  public static final String GRACE_MS = "CLUSTERKIT_GRACE_MS";
  /** Whether to exit when standard input, a pipe from the launcher, closes. */
  public static final String WATCH_STDIN = "CLUSTERKIT_WATCH_STDIN";

  /** How connections reach the worker: {@code handoff}, {@code forward} or {@code reuseport}. */
  public static final String ROUTER = RouterMode.ENV;
  /** The Netty native transport serving the worker's clients: {@code io_uring} or {@code epoll}. */
  public static final String TRANSPORT = WorkerTransport.ENV;

  /** Under the reuseport strategy: the public host every worker listens on itself. */
  public static final String PUBLIC_HOST = "CLUSTERKIT_PUBLIC_HOST";
  /** Under the reuseport strategy: the public port every worker listens on itself. */
  public static final String PUBLIC_PORT = "CLUSTERKIT_PUBLIC_PORT";
  /** With hand-off or reuseport: whether connections start with a PROXY protocol header. */
  public static final String PROXY_PROTOCOL = "CLUSTERKIT_PROXY_PROTOCOL";

  /**
   * Where the worker writes a class-data sharing archive of the classes it loaded, just before
   * it reports READY; set for the one worker the launcher picks to record it.
   */
  public static final String CLASS_ARCHIVE = "CLUSTERKIT_CLASS_ARCHIVE";

  /**
   * With the launcher's HTTP health check on: the Unix domain socket where {@code serve()} also
   * listens, privately, for the launcher's checks. Unset when there is no check.
   */
  public static final String HEALTH_SOCKET = "CLUSTERKIT_HEALTH_SOCKET";

  /**
   * With the launcher's HTTP health check on and workers on io_uring (whose Vert.x transport has
   * no Unix domain sockets): the loopback host where {@code serve()} also listens, on a port of
   * its own reported with READY, for the launcher's checks.
   */
  public static final String HEALTH_HOST = "CLUSTERKIT_HEALTH_HOST";

  /**
   * {@code 1} when the launcher serves metrics ({@code -metrics}): the worker then records its
   * meters (Vert.x's, the JVM's, the application's) and answers scrapes on
   * {@link io.clusterkit.verticles.Addresses#metrics(int, int)}. Absent or anything else: no
   * meters, no cost.
   */
  public static final String METRICS = "CLUSTERKIT_METRICS";

  // ---- several hosts ----
  /**
   * The address other hosts reach this worker's Hazelcast member and event bus at, when it is not
   * {@link #host()} (NAT); absent otherwise.
   */
  public static final String CLUSTER_PUBLIC_HOST = "CLUSTERKIT_CLUSTER_PUBLIC_HOST";
  /**
   * A Hazelcast configuration file the worker joins with (as the launcher does) instead of the
   * member list; absent otherwise.
   */
  public static final String HAZELCAST_CONFIG = "CLUSTERKIT_HAZELCAST_CONFIG";

  /**
   * The worker's host in a cluster of several hosts: its launcher's name, which scopes the
   * per-host event-bus addresses (see {@link io.clusterkit.verticles.Addresses#useHost});
   * absent for a launcher on its own.
   */
  public static final String HOST_NAME = "CLUSTERKIT_HOST_NAME";

  /**
   * Reads {@link #HOST_NAME}.
   *
   * @param env the worker's environment
   * @return the launcher's name, or "" for a launcher on its own
   */
  public static String hostName(Map<String, String> env) {
    String name = env.get(HOST_NAME);
    return name == null ? "" : name;
  }

  /**
   * Reads {@link #CLUSTER_PUBLIC_HOST}.
   *
   * @param env the worker's environment
   * @return the advertised address, or null to advertise {@link #host()}
   */
  public static String clusterPublicHost(Map<String, String> env) {
    String host = env.get(CLUSTER_PUBLIC_HOST);
    return host == null || host.isBlank() ? null : host;
  }

  /**
   * Reads {@link #HAZELCAST_CONFIG}.
   *
   * @param env the worker's environment
   * @return the file, or null to join the listed members
   */
  public static Path hazelcastConfig(Map<String, String> env) {
    String file = env.get(HAZELCAST_CONFIG);
    return file == null || file.isBlank() ? null : Path.of(file);
  }
  // ---- end of several hosts ----

  /**
   * Set for a spare: its number. A spare boots, joins the cluster and loads the verticle's class,
   * then waits for a slot ({@link SpareAssignment}) before it deploys anything; its
   * {@link #SLOT} is -1 and its {@link #GEN} its number until then.
   */
  public static final String SPARE = "CLUSTERKIT_SPARE";

  /**
   * Reads {@link #SPARE}.
   *
   * @param env the worker's environment
   * @return the spare's number, or -1 for a worker started for a slot
   * @throws IllegalArgumentException when it is set but not a number
   */
  public static int spare(Map<String, String> env) {
    return env.get(SPARE) == null ? -1 : intVar(env, SPARE);
  }

  // ---- boot phases ----
  /**
   * When the launcher spawned this process, in epoch milliseconds: the start of the boot's first
   * phase ({@link BootPhases#jvmMs()}).
   */
  public static final String SPAWNED_AT = "CLUSTERKIT_SPAWNED_AT";

  /**
   * Reads {@link #SPAWNED_AT}.
   *
   * @param env the worker's environment
   * @return the spawn time in epoch milliseconds, or -1 when unset or not a number
   */
  public static long spawnedAt(Map<String, String> env) {
    try {
      String value = env.get(SPAWNED_AT);
      return value == null ? -1 : Math.max(-1, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
  // ---- end of boot phases ----

  /**
   * Set for a spare that warms up while it waits ({@code -spare-warmup}): the warm-up's longest
   * run in milliseconds. Unset or 0: no warm-up.
   */
  public static final String SPARE_WARMUP = "CLUSTERKIT_SPARE_WARMUP";

  /**
   * Reads {@link #SPARE_WARMUP}.
   *
   * @param env the worker's environment
   * @return the warm-up's longest run in milliseconds, 0 for none
   * @throws IllegalArgumentException when it is set but not a number of 0 or more
   */
  public static long spareWarmupMillis(Map<String, String> env) {
    String value = env.get(SPARE_WARMUP);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis >= 0) {
        return millis;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(SPARE_WARMUP + " must be a number of milliseconds >= 0, "
        + "was '" + value + "'");
  }

  /**
   * A worker that cannot boot prints one line starting with this on stderr, then exits
   * {@link io.clusterkit.verticles.ExitCodes#BOOT_FAILED}; the launcher shows the rest of the line.
   */
  public static final String BOOT_FAILURE_MARKER = "clusterkit-boot-failure: ";

  /**
   * Writes these settings into a process environment.
   *
   * @param env the environment of the process about to be started
   */
  public void writeTo(Map<String, String> env) {
    env.put(SLOT, Integer.toString(slot));
    env.put(GEN, Integer.toString(gen));
    env.put(CLUSTER_NAME, clusterName);
    env.put(MEMBERS, members);
    env.put(HOST, host);
    env.put(VERTICLE, verticle);
    env.put(INSTANCES, Integer.toString(instances));
    env.put(CONFIG, config.encode());
    env.put(SOCKET, socketPath);
    env.put(GRACE_MS, Long.toString(graceMillis));
    env.put(WATCH_STDIN, Boolean.toString(watchStdin));
  }

  /**
   * Reads the settings from a process environment.
   *
   * @param env the environment of this process
   * @return the settings
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static WorkerEnv readFrom(Map<String, String> env) {
    try {
      return new WorkerEnv(
          intVar(env, SLOT), intVar(env, GEN), var(env, CLUSTER_NAME), var(env, MEMBERS),
          var(env, HOST), var(env, VERTICLE), intVar(env, INSTANCES),
          new JsonObject(var(env, CONFIG)), var(env, SOCKET),
          Long.parseLong(var(env, GRACE_MS)), Boolean.parseBoolean(env.get(WATCH_STDIN)));
    } catch (DecodeException e) {
      throw new IllegalArgumentException(CONFIG + " is not a JSON object: " + e.getMessage());
    }
  }

  /**
   * Reads the public address a worker listens on itself under the reuseport strategy.
   *
   * @param env the environment of this process
   * @return the address
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static SocketAddress publicAddress(Map<String, String> env) {
    return SocketAddress.inetSocketAddress(intVar(env, PUBLIC_PORT), var(env, PUBLIC_HOST));
  }

  /**
   * Reads where {@code serve()} also listens for the launcher's health checks.
   *
   * @param env the environment of this process
   * @return the Unix domain socket address, a loopback address with port 0 (any free port), or
   *     null when the launcher runs no health check
   */
  public static SocketAddress healthAddress(Map<String, String> env) {
    String path = env.get(HEALTH_SOCKET);
    if (path != null && !path.isBlank()) {
      return SocketAddress.domainSocketAddress(path);
    }
    String host = env.get(HEALTH_HOST);
    return host == null || host.isBlank() ? null : SocketAddress.inetSocketAddress(0, host);
  }

  /**
   * Reads whether connections start with a PROXY protocol header (hand-off and reuseport).
   *
   * @param env the environment of this process
   * @return true when {@value #PROXY_PROTOCOL} says so
   */
  public static boolean proxyProtocol(Map<String, String> env) {
    return Boolean.parseBoolean(env.get(PROXY_PROTOCOL));
  }

  /**
   * Reads where this worker writes its class-data sharing archive.
   *
   * @param env the environment of this process
   * @return the archive's path, or null when this worker records none
   */
  public static Path classArchive(Map<String, String> env) {
    String target = env.get(CLASS_ARCHIVE);
    return target == null || target.isBlank() ? null : Path.of(target);
  }

  /**
   * Reads {@link #METRICS}.
   *
   * @param env the worker's environment
   * @return whether the worker records meters and answers scrapes
   */
  public static boolean metrics(Map<String, String> env) {
    return "1".equals(env.get(METRICS));
  }

  private static String var(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null) {
      throw new IllegalArgumentException(name + " is not set: workers are started by the launcher");
    }
    return value;
  }

  private static int intVar(Map<String, String> env, String name) {
    String value = var(env, name);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
    }
  }

  /** Validates the record's fields. */
  public WorkerEnv {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(verticle, "verticle");
    Objects.requireNonNull(config, "config");
  }
}

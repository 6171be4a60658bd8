package io.clusterkit.verticles;

/**
 * Every event-bus address and message header ClusterKit uses, in one place. All of them start
 * with {@value #PREFIX}; user code should not register consumers under that prefix.
 *
 * <p>A launcher on its own has a cluster of its own (a unique cluster name), so these addresses
 * never reach the workers of another launcher. When launchers on several hosts share one cluster
 * ({@code -cluster-name}), every address that belongs to one host (all but {@link #WORKERS},
 * {@link #HOSTS} and {@link #HOST_DIRECTORY}) is scoped to its launcher's name:
 * {@code clusterkit.host.<name>.launcher.ready}, {@code clusterkit.host.<name>.worker.<slot>.<gen>}
 * ({@link #onHost}). A process learns its scope once, at start ({@link #useHost}); the constants
 * below are the unscoped names, {@link #local} turns one into this process's.
 *
 * <table>
 *   <caption>Who listens where</caption>
 *   <tr><th>address</th><th>consumer</th><th>who sends</th></tr>
 *   <tr><td>{@link #LAUNCHER_READY}</td><td>launcher</td><td>a worker, once, at READY</td></tr>
 *   <tr><td>{@link #LAUNCHER_INBOX}</td><td>launcher</td><td>workers' {@code sendToLauncher}
 *       and {@code requestLauncher}</td></tr>
 *   <tr><td>{@link #SLOTS}</td><td>every worker</td><td>the launcher publishes its slot
 *       table</td></tr>
 *   <tr><td>{@link #worker(int, int)}</td><td>one worker process</td><td>{@code send} and
 *       {@code request} to a slot, from a worker or the launcher</td></tr>
 *   <tr><td>{@link #WORKERS}</td><td>every worker</td><td>{@code broadcast}, from a worker or
 *       the launcher</td></tr>
 * </table>
 */
public final class Addresses {

  /** The prefix of every ClusterKit address. */
  public static final String PREFIX = "clusterkit.";

  /**
   * Workers report READY here (a request; the launcher replies once it has recorded it, with its
   * slot table). The body is a {@link io.clusterkit.verticles.protocol.ReadyReport} as JSON:
   * {@code slot}, {@code gen}, {@code pid}, {@code serving}, and {@code probe} when the launcher
   * runs an HTTP health check: where the worker's own server answers it, {@code {"path": P}} for
   * a Unix domain socket or {@code {"host": H, "port": N}}. With a health check the launcher
   * routes to the worker only once a check of it has passed.
   */
  public static final String LAUNCHER_READY = PREFIX + "launcher.ready";

  /**
   * Workers ask here to share a TCP port their own code listens on (a request; see
   * {@link io.clusterkit.verticles.protocol.ListenRequest}): {@code open} has the launcher open
   * that public port, as Node's primary does for its workers' {@code listen}; {@code serve} has
   * it route the port to the worker's hand-off socket for it. A failure reply names the port.
   */
  public static final String LAUNCHER_LISTEN = PREFIX + "launcher.listen";

  /**
   * Spares wait here for a slot (a request the launcher holds until it gives the spare a slot,
   * then answers; a spare whose request times out sends another). The body is
   * {@code {"spare": N, "pid": P}}; the answer a
   * {@link io.clusterkit.verticles.protocol.SpareAssignment} as JSON, or an empty object for
   * "keep waiting".
   */
  public static final String LAUNCHER_SPARE = PREFIX + "launcher.spare";

  /**
   * Spares report their warm-up here (a one-way send, see {@code -spare-warmup}): when it starts,
   * ends and is cut short by a slot. The body is {@code {"spare": N, "pid": P, "state":
   * "running"|"done"|"cut"|"failed", "requests": R, "newConnections": C, "millis": M}}.
   */
  public static final String LAUNCHER_SPARE_WARMUP = PREFIX + "launcher.spare.warmup";

  /**
   * User messages from workers to the launcher (always a request: the launcher acknowledges
   * each one, or replies with its handler's answer).
   */
  public static final String LAUNCHER_INBOX = PREFIX + "launcher.inbox";

  /**
   * Workers send a heartbeat here every second (a one-way send): a
   * {@link io.clusterkit.verticles.protocol.Heartbeat} as JSON, with
   * {@code slot}, {@code gen}, {@code heapUsed}, {@code heapAfterGc} and {@code rss} (bytes),
   * {@code blockedMs} (how long the longest-waiting event loop has not run a probe task),
   * {@code connections} (open now) and {@code requests} (received so far).
   */
  public static final String LAUNCHER_HEARTBEAT = PREFIX + "launcher.heartbeat";

  /**
   * The launcher publishes its slot table here on every change of a worker's state: a
   * {@link io.clusterkit.verticles.protocol.SlotTable} as the JSON object
   * {@code {"version":V,"slots":[{"state":"READY","gen":G},...]}}, one entry per slot, {@code gen}
   * present only for the READY process of the slot. Versions only grow.
   */
  public static final String SLOTS = PREFIX + "slots";

  /** Broadcasts to every worker (published: each worker's message handler gets one copy). */
  public static final String WORKERS = PREFIX + "workers";

  /**
   * Every launcher of a cluster of several hosts publishes its host's entry here on every change
   * of its slot table, and {@code {"host": NAME, "gone": true}} when a host leaves: a JSON object
   * with {@code host}, {@code member} (its Hazelcast member id), {@code epoch} (its start, epoch
   * ms), {@code address}, {@code table} (its {@link io.clusterkit.verticles.protocol.SlotTable})
   * and {@code workers}. Every worker and launcher keeps the newest entry of each host.
   */
  public static final String HOSTS = PREFIX + "hosts";

  /**
   * The clustered map (Vert.x {@code AsyncMap}) holding the newest {@link #HOSTS} entry of every
   * host by launcher name: where a process that has just started learns the other hosts.
   */
  public static final String HOST_DIRECTORY = PREFIX + "hosts";

  /** The header naming the sender's host (its launcher's name) in a cluster of several hosts. */
  public static final String HOST_HEADER = PREFIX + "host";

  /** The header naming the sender's slot, {@value #LAUNCHER} for the launcher. */
  public static final String FROM_HEADER = PREFIX + "from";

  /** The header naming the sender's generation within its slot, 0 for the launcher. */
  public static final String GEN_HEADER = PREFIX + "gen";

  /** The header a request to the launcher carries when the worker awaits an answer. */
  public static final String REPLY_HEADER = PREFIX + "reply";

  /** The sender slot of a message that comes from the launcher. */
  public static final int LAUNCHER = -1;

  private static volatile String host = "";

  private Addresses() {
  }

  /**
   * Scopes this process's per-host addresses to its launcher's name; called once, at start, by
   * the launcher and each of its workers when launchers on several hosts share a cluster.
   *
   * @param name the launcher's name, or "" for a launcher on its own
   * @throws IllegalStateException when this process already has another scope
   */
  public static synchronized void useHost(String name) {
    java.util.Objects.requireNonNull(name, "name");
    if (!host.isEmpty() && !host.equals(name)) {
      throw new IllegalStateException("this process already belongs to host '" + host
          + "', not '" + name + "'");
    }
    host = name;
  }

  /** @return this process's host scope: its launcher's name, or "" for a launcher on its own */
  public static String host() {
    return host;
  }

  /**
   * Scopes an address of this class to a host.
   *
   * @param hostName the launcher's name, "" for no scope
   * @param address an unscoped address of this class, starting with {@value #PREFIX}
   * @return {@code clusterkit.host.<hostName>.<rest of address>}, or address when hostName is ""
   */
  public static String onHost(String hostName, String address) {
    if (hostName.isEmpty()) {
      return address;
    }
    return PREFIX + "host." + hostName + "." + address.substring(PREFIX.length());
  }

  /**
   * Scopes an address of this class to this process's host.
   *
   * @param address an unscoped address
   * @return the address as this process sends to or listens on it
   */
  public static String local(String address) {
    return onHost(host, address);
  }

  /**
   * Names the address of one worker process of another host.
   *
   * @param hostName the launcher's name
   * @param slot the worker's slot
   * @param gen the generation of its process
   * @return {@code clusterkit.host.<hostName>.worker.<slot>.<gen>}
   */
  public static String worker(String hostName, int slot, int gen) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    return onHost(hostName, PREFIX + "worker." + slot + "." + gen);
  }

  /**
   * Names the address of one worker process. It is per generation: while a slot's replacement
   * starts and its old process drains, both are alive, and a message must reach the one the
   * launcher's slot table calls READY, not either of them in turn.
   *
   * @param slot the worker's slot
   * @param gen the generation of its process
   * @return {@code clusterkit.worker.<slot>.<gen>}, scoped to this process's host
   */
  public static String worker(int slot, int gen) {
    return worker(host, slot, gen);
  }

  /**
   * Names where one worker process answers metric scrapes (with {@code -metrics}): a request
   * whose body is the wanted content type ({@code text/plain; version=0.0.4} or
   * {@code application/openmetrics-text; version=1.0.0}); the reply is the worker's meters in
   * that format, without slot or generation labels (the launcher adds them).
   *
   * @param slot the worker's slot
   * @param gen the generation of its process
   * @return {@code clusterkit.metrics.<slot>.<gen>}, scoped to this process's host
   */
  public static String metrics(int slot, int gen) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    return local(PREFIX + "metrics." + slot + "." + gen);
  }
}

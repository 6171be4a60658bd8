package io.clusterkit.verticles;

/**
 * Every event-bus address and message header ClusterKit uses, in one place. All of them start
 * with {@value #PREFIX}; user code should not register consumers under that prefix.
 *
 * <p>Each launcher has a cluster of its own (a unique cluster name), so these addresses never
 * reach the workers of another launcher.
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

  /** The header naming the sender's slot, {@value #LAUNCHER} for the launcher. */
  public static final String FROM_HEADER = PREFIX + "from";

  /** The header naming the sender's generation within its slot, 0 for the launcher. */
  public static final String GEN_HEADER = PREFIX + "gen";

  /** The header a request to the launcher carries when the worker awaits an answer. */
  public static final String REPLY_HEADER = PREFIX + "reply";

  /** The sender slot of a message that comes from the launcher. */
  public static final int LAUNCHER = -1;

  private Addresses() {
  }

  /**
   * Names the address of one worker process. It is per generation: while a slot's replacement
   * starts and its old process drains, both are alive, and a message must reach the one the
   * launcher's slot table calls READY, not either of them in turn.
   *
   * @param slot the worker's slot
   * @param gen the generation of its process
   * @return {@code clusterkit.worker.<slot>.<gen>}
   */
  public static String worker(int slot, int gen) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    return PREFIX + "worker." + slot + "." + gen;
  }

  /**
   * Names where one worker process answers metric scrapes (with {@code -metrics}): a request
   * whose body is the wanted content type ({@code text/plain; version=0.0.4} or
   * {@code application/openmetrics-text; version=1.0.0}); the reply is the worker's meters in
   * that format, without slot or generation labels (the launcher adds them).
   *
   * @param slot the worker's slot
   * @param gen the generation of its process
   * @return {@code clusterkit.metrics.<slot>.<gen>}
   */
  public static String metrics(int slot, int gen) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    return PREFIX + "metrics." + slot + "." + gen;
  }
}

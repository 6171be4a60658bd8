package io.clusterkit.verticles;

/**
 * Every event-bus address ClusterKit uses, in one place. All of them start with
 * {@value #PREFIX}; user code should not register consumers under that prefix.
 *
 * <p>Each launcher has a cluster of its own (a unique cluster name), so these addresses never
 * reach the workers of another launcher.
 */
public final class Addresses {

  /** The prefix of every ClusterKit address. */
  public static final String PREFIX = "clusterkit.";

  /**
   * Workers report READY here (a request; the launcher replies once it has recorded it). The body
   * is a JSON object with {@code slot}, {@code gen}, {@code pid} and {@code serving}.
   */
  public static final String LAUNCHER_READY = PREFIX + "launcher.ready";

  private Addresses() {
  }
}

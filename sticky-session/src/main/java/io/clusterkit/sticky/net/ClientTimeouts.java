package io.clusterkit.sticky.net;

import java.time.Duration;

/** How long the launcher's routers wait on a client's own bytes, the same in every mode. */
public final class ClientTimeouts {

  /**
   * How long the rest of a request head may take before the 503 is written anyway, and how long
   * a PROXY header may take to arrive.
   */
  public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);

  /** How long a closing client may take to send its FIN before it is closed anyway. */
  public static final Duration LINGER = Duration.ofSeconds(2);

  private ClientTimeouts() {
  }
}

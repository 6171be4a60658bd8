package io.clusterkit.sticky;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ConnectionRouter} listens and forwards: the public address, how long a new
 * connection may wait for a READY worker, how long a connect to a worker may take, how many
 * accept loops run, and whether workers get a PROXY protocol header. Setters validate at once.
 */
public final class RouterOptions {

  /** Listen on every interface by default. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** The default public port; 0 picks a free one. */
  public static final int DEFAULT_PORT = 8080;

  /** How long a new connection waits for a READY worker before it is answered 503. */
  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(10);

  /** How long a connect to a worker may take before the next slot is tried. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** How many accept loops (event loops serving the public port). */
  public static final int DEFAULT_INSTANCES = 2;

  /** Workers get a PROXY protocol v1 header carrying the real client by default. */
  public static final boolean DEFAULT_PROXY_PROTOCOL = true;

  /** Clients connect directly by default, not through a load balancer speaking PROXY. */
  public static final boolean DEFAULT_ACCEPT_PROXY_PROTOCOL = false;

  private String host = DEFAULT_HOST;
  private int port = DEFAULT_PORT;
  private Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private int instances = DEFAULT_INSTANCES;
  private boolean proxyProtocol = DEFAULT_PROXY_PROTOCOL;
  private boolean acceptProxyProtocol = DEFAULT_ACCEPT_PROXY_PROTOCOL;

  /** Creates options with the defaults. */
  public RouterOptions() {
  }

  /**
   * Copies other.
   *
   * @param other the options to copy
   */
  public RouterOptions(RouterOptions other) {
    Objects.requireNonNull(other, "other");
    this.host = other.host;
    this.port = other.port;
    this.queueTimeout = other.queueTimeout;
    this.connectTimeout = other.connectTimeout;
    this.instances = other.instances;
    this.proxyProtocol = other.proxyProtocol;
    this.acceptProxyProtocol = other.acceptProxyProtocol;
  }

  /** @return the address the public port is bound on */
  public String getHost() {
    return host;
  }

  /**
   * Sets the address the public port is bound on.
   *
   * @param host an IP address or host name of this machine, not blank
   * @return these options
   */
  public RouterOptions setHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    this.host = host;
    return this;
  }

  /** @return the public port; 0 means a free one is picked */
  public int getPort() {
    return port;
  }

  /**
   * Sets the public port.
   *
   * @param port 0 to 65535; 0 picks a free port, which {@link ConnectionRouter#listen()} returns
   * @return these options
   */
  public RouterOptions setPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    this.port = port;
    return this;
  }

  /** @return how long a new connection waits for a READY worker before a 503 */
  public Duration getQueueTimeout() {
    return queueTimeout;
  }

  /**
   * Sets how long a new connection waits for a READY worker before it is answered 503.
   *
   * @param queueTimeout zero or more; zero answers 503 at once when no worker is READY
   * @return these options
   */
  public RouterOptions setQueueTimeout(Duration queueTimeout) {
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    if (queueTimeout.isNegative()) {
      throw new IllegalArgumentException("queueTimeout must be >= 0, was " + queueTimeout);
    }
    this.queueTimeout = queueTimeout;
    return this;
  }

  /** @return how long a connect to a worker may take */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets how long a connect to a worker may take before the client's next slot is tried.
   *
   * @param connectTimeout at least one millisecond
   * @return these options
   */
  public RouterOptions setConnectTimeout(Duration connectTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("connectTimeout must be >= 1 ms, was " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  /** @return how many accept loops serve the public port */
  public int getInstances() {
    return instances;
  }

  /**
   * Sets how many accept loops (each on its own event loop) serve the public port.
   *
   * @param instances at least 1
   * @return these options
   */
  public RouterOptions setInstances(int instances) {
    if (instances < 1) {
      throw new IllegalArgumentException("instances must be >= 1, was " + instances);
    }
    this.instances = instances;
    return this;
  }

  /** @return whether connections on the public port start with a PROXY header to read */
  public boolean isAcceptProxyProtocol() {
    return acceptProxyProtocol;
  }

  /**
   * Expects every connection on the public port to start with a HAProxy PROXY protocol header
   * (v1 or v2), as a load balancer in front sends: the router then balances on, and workers see,
   * the real client address it carries. A connection without a valid header is closed, alone.
   * Only turn this on behind such a load balancer: anyone who can reach the port could otherwise
   * claim any address.
   *
   * @param acceptProxyProtocol true behind a load balancer that sends PROXY headers
   * @return these options
   */
  public RouterOptions setAcceptProxyProtocol(boolean acceptProxyProtocol) {
    this.acceptProxyProtocol = acceptProxyProtocol;
    return this;
  }

  /** @return whether each forwarded connection starts with a PROXY protocol v1 header */
  public boolean isProxyProtocol() {
    return proxyProtocol;
  }

  /**
   * Sets whether each forwarded connection starts with a PROXY protocol v1 header that tells the
   * worker the real client and the public address it connected to.
   *
   * @param proxyProtocol true when workers listen with {@code setUseProxyProtocol(true)}
   * @return these options
   */
  public RouterOptions setProxyProtocol(boolean proxyProtocol) {
    this.proxyProtocol = proxyProtocol;
    return this;
  }

  @Override
  public String toString() {
    return "RouterOptions{host=" + host + ", port=" + port + ", queueTimeout=" + queueTimeout
        + ", connectTimeout=" + connectTimeout + ", instances=" + instances
        + ", proxyProtocol=" + proxyProtocol + ", acceptProxyProtocol=" + acceptProxyProtocol
        + "}";
  }
}

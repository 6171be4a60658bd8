package io.clusterkit.launcher.impl;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Callable;

/**
 * A task a joining launcher hands to another launcher through Hazelcast's executor: dial the
 * joiner's advertised address and say whether it answered.
 *
 * <p>Hazelcast lets a member in over the connections the member itself opens, and the other
 * members reuse them: a launcher that advertises an address the others cannot reach (a host
 * behind a NAT without {@code -cluster-public-host}) would otherwise join and half-work, its data
 * reachable while every event-bus message to its workers fails.
 */
final class ReachBack implements Callable<String>, Serializable {

  private static final long serialVersionUID = 1L;
  /** How long the other launcher tries to connect. */
  static final int CONNECT_TIMEOUT_MS = 1_000;

  private final String host;
  private final int port;

  ReachBack(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** @return null when the address answered, else why not */
  @Override
  public String call() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      return null;
    } catch (IOException e) {
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
  }
}

package io.clusterkit.sticky.reuseport;

import io.clusterkit.sticky.ConnectionRouter;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RouterStats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's side of {@link RouterMode#REUSEPORT}: no router, only the public port held for
 * the workers. It binds a TCP socket to the public address with {@code SO_REUSEPORT} and never
 * listens on it, so it gets no connections, yet the port is taken for this user's
 * {@code SO_REUSEPORT} listeners only: port 0 becomes a real port before any worker starts, a
 * port another program holds fails at once, and nothing else can take the port while workers
 * come and go. Each worker listens on it with {@code SO_REUSEPORT} and the kernel spreads new
 * connections among the listening ones.
 */
public final class PortReservation implements ConnectionRouter {

  private static final Logger log = LoggerFactory.getLogger(PortReservation.class);

  private final Vertx vertx;
  private final RouterOptions options;
  /** Stays at zero: the workers accept the public port's connections themselves. */
  private final RouterStats stats = new RouterStats();
  private SocketChannel socket;
  private Future<Integer> reserved;

  /**
   * Creates a reservation that holds nothing yet.
   *
   * @param vertx runs the blocking bind off the event loop
   * @param options the public host and port; kept, not copied
   */
  public PortReservation(Vertx vertx, RouterOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  @Override
  public synchronized Future<Integer> listen() {
    if (reserved != null) {
      return Future.failedFuture(new IllegalStateException("port " + options.getPort() + " on "
          + options.getHost() + " - listen() was already called"));
    }
    reserved = vertx.executeBlocking(this::bind, false);
    return reserved;
  }

  private int bind() throws IOException {
    String where = "port " + options.getPort() + " on " + options.getHost();
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      channel.bind(new InetSocketAddress(options.getHost(), options.getPort()));
    } catch (BindException e) {
      channel.close();
      BindException inUse = new BindException(where + " is already in use");
      inUse.initCause(e);
      throw inUse;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw new IOException("cannot reserve " + where + ": " + e.getMessage(), e);
    }
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    synchronized (this) {
      socket = channel;
    }
    log.info("port {} on {} reserved: workers listen on it themselves (SO_REUSEPORT)", port,
        options.getHost());
    return port;
  }

  /**
   * Releases the port. The workers' listeners are theirs: they close as the workers drain.
   *
   * @return a completed future
   */
  @Override
  public synchronized Future<Void> stopAccepting() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        log.debug("closing the port reservation failed: {}", e.toString());
      }
      socket = null;
    }
    return Future.succeededFuture();
  }

  /** @return 0: connections go to the workers without the launcher */
  @Override
  public int activeConnections() {
    return 0;
  }

  @Override
  public RouterStats stats() {
    return stats;
  }
}

package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.SlotRoute;
import io.clusterkit.sticky.handoff.HandoffWire;
import io.clusterkit.sticky.handoff.PrefixPipe;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's end of one worker process's hand-off socket (see {@link HandoffWire}): the
 * client sockets waiting to be sent, those sent and not yet reported on, in order, and the routes
 * of the connections the worker took, counted out as it reports them closed. At most
 * {@link HandoffWire#MAX_IN_FLIGHT} descriptors are in flight, so the socket's send buffer never
 * fills (a full one makes Netty's descriptor write fail). Confined to the router's event loop.
 */
final class WorkerLink {

  private static final Logger log = LoggerFactory.getLogger(WorkerLink.class);

  private enum State { CONNECTING, OPEN, FINISHING, CLOSED }

  private final LinkListener router;
  private final RoutingTable table;
  private final EventLoop loop;
  final int slot;
  final int gen;
  private final String path;
  private final ArrayDeque<PendingSocket> unsent = new ArrayDeque<>();
  private final ArrayDeque<PendingSocket> sent = new ArrayDeque<>();
  private final ArrayDeque<SlotRoute> open = new ArrayDeque<>();
  private EpollDomainSocketChannel channel;
  private State state = State.CONNECTING;
  private boolean sending = true;
  private boolean closedByUs;
  /** Since when sockets have been in flight with no report, on System.nanoTime; 0: none. */
  private volatile long stalledSince;

  /**
   * Creates a link that is not connected yet.
   *
   * @param router told where sockets end up
   * @param table where the routes of closed connections are released
   * @param loop the router's event loop
   * @param slot the worker's slot
   * @param gen the worker's generation
   * @param path the worker's hand-off socket
   */
  WorkerLink(LinkListener router, RoutingTable table, EventLoop loop, int slot, int gen, String path) {
    this.router = router;
    this.table = table;
    this.loop = loop;
    this.slot = slot;
    this.gen = gen;
    this.path = path;
  }

  /** Connects to the worker's hand-off socket; sockets enqueued meanwhile wait. */
  void connect(int connectTimeoutMillis) {
    channel = new EpollDomainSocketChannel();
    channel.config().setAutoClose(false);
    channel.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
    channel.pipeline().addLast(new FixedLengthFrameDecoder(HandoffWire.REPORT_BYTES),
        new Reports());
    loop.register(channel).addListener(registered -> {
      if (!registered.isSuccess()) {
        connectFailed(registered.cause());
        return;
      }
      channel.connect(new DomainSocketAddress(path)).addListener(connected -> {
        if (!connected.isSuccess()) {
          connectFailed(connected.cause());
        } else if (state == State.CONNECTING) {
          state = State.OPEN;
          log.debug("slot {} gen {} - hand-off link open to {}", slot, gen, path);
          pump();
        } else if (state == State.FINISHING) {
          channel.shutdownOutput();
        }
      });
    });
  }

  /** @return whether new sockets may be enqueued */
  boolean sending() {
    return sending;
  }

  /** @return the sockets waiting or in flight: what flow control counts */
  int load() {
    return unsent.size() + sent.size();
  }

  /** @return the connections the worker took that are still open, as far as reports tell */
  int openConnections() {
    return open.size();
  }

  /**
   * Queues a socket for the worker; it carries the route it was counted in.
   *
   * @param socket the client socket
   */
  void enqueue(PendingSocket socket) {
    unsent.add(socket);
    if (state == State.OPEN) {
      pump();
    }
  }

  /**
   * Stops sending (the slot is no longer routable): waiting sockets go elsewhere, the worker
   * gets end-of-stream once what is in flight is written, and reports the rest before it closes.
   */
  void finish() {
    if (!sending) {
      return;
    }
    sending = false;
    rerouteUnsent();
    if (state == State.OPEN) {
      state = State.FINISHING;
      channel.shutdownOutput();
    } else if (state == State.CONNECTING) {
      state = State.FINISHING;
    }
  }

  /** Closes the link at once: the router is going away. What is in flight is lost. */
  void close() {
    sending = false;
    closedByUs = true;
    if (channel != null) {
      channel.close();
    }
  }

  private void pump() {
    int written = 0;
    while (sending && state == State.OPEN && sent.size() < HandoffWire.MAX_IN_FLIGHT
        && !unsent.isEmpty()) {
      PendingSocket socket = unsent.poll();
      FileDescriptor prefix = null;
      if (socket.prefix != null) {
        try {
          prefix = PrefixPipe.of(socket.prefix);
        } catch (IOException e) {
          log.warn("slot {} gen {} - cannot pass {}'s PROXY header: {}; closing it", slot, gen,
              socket, e.toString());
          router.lost(socket);
          continue;
        }
      }
      sent.add(socket);
      if (stalledSince == 0) {
        stalledSince = System.nanoTime();
      }
      channel.write(new FileDescriptor(socket.fd)).addListener(f -> {
        if (!f.isSuccess()) {
          writeFailed(socket, f.cause());
        }
      });
      if (prefix != null) {
        // right behind its socket; the worker pairs them and reports the pair as one socket
        FileDescriptor pipe = prefix;
        channel.write(pipe).addListener(f -> {
          HandoffWire.closeQuietly(pipe);
          if (!f.isSuccess()) {
            writeFailed(socket, f.cause());
          }
        });
      }
      written++;
    }
    if (written > 0) {
      channel.flush();
    }
  }

  private void writeFailed(PendingSocket socket, Throwable cause) {
    if (sending) {
      log.warn("slot {} gen {} - cannot send a client socket to the worker: {}; no more are sent "
          + "on this link", slot, gen, cause.toString());
      sending = false;
      rerouteUnsent();
    }
    // a failed write never reached the kernel: the worker cannot have it
    if (sent.remove(socket)) {
      router.failover(socket);
    }
  }

  private void connectFailed(Throwable cause) {
    log.warn("slot {} gen {} - cannot connect to the worker's hand-off socket {}: {}", slot, gen,
        path, cause.toString());
    sending = false;
    state = State.CLOSED;
    router.linkClosed(this, true);
    rerouteUnsent();
    if (channel.isOpen()) {
      channel.close();
    }
  }

  private void rerouteUnsent() {
    while (!unsent.isEmpty()) {
      router.failover(unsent.poll());
    }
  }

  private void onReport(HandoffWire.Report report) {
    for (int i = 0; i < report.accepted(); i++) {
      PendingSocket socket = sent.poll();
      if (socket == null) {
        protocolError("accepted " + report.accepted() + " of " + i + " sent");
        return;
      }
      open.add(socket.route);
      router.handedOff(socket);
    }
    for (int i = 0; i < report.refused(); i++) {
      PendingSocket socket = sent.poll();
      if (socket == null) {
        protocolError("refused " + report.refused() + " of " + i + " sent");
        return;
      }
      log.debug("slot {} gen {} - worker refused {} (it is closing)", slot, gen, socket);
      router.failover(socket);
    }
    for (int i = 0; i < report.closed() && !open.isEmpty(); i++) {
      table.release(open.poll());
    }
    if (report.accepted() + report.refused() > 0) {
      stalledSince = sent.isEmpty() ? 0 : System.nanoTime();
    }
    pump();
    router.loadChanged();
  }

  private void protocolError(String what) {
    log.error("slot {} gen {} - hand-off protocol error: {}; closing the link", slot, gen, what);
    close();
  }

  /**
   * Says how long the worker has left sockets unreported: a worker out of descriptors loses
   * the ones it cannot receive and never reports them. Callable from any thread.
   *
   * @param nowNanos the time now, on System.nanoTime
   * @return how long sockets have been in flight with no report, 0 when none is
   */
  long stalledNanos(long nowNanos) {
    long since = stalledSince;
    return since == 0 || state == State.CLOSED ? 0 : nowNanos - since;
  }

  private void onClosed() {
    stalledSince = 0;
    state = State.CLOSED;
    sending = false;
    router.linkClosed(this, !closedByUs);
    int rerouted = 0;
    int lost = 0;
    // the worker reports a socket before it reads from it and every report sent before it closed
    // has been read: when it closed, unreported sockets were never read; when we closed, they
    // may have been
    for (Iterator<PendingSocket> it = sent.iterator(); it.hasNext(); ) {
      PendingSocket socket = it.next();
      it.remove();
      if (closedByUs) {
        lost++;
        router.lost(socket);
      } else {
        rerouted++;
        router.failover(socket);
      }
    }
    rerouteUnsent();
    while (!open.isEmpty()) {
      table.release(open.poll());
    }
    if (rerouted > 0 || lost > 0) {
      log.warn("slot {} gen {} - hand-off link closed with {} sockets unreported: {} given to "
          + "another worker, {} closed", slot, gen, rerouted + lost, rerouted, lost);
    } else {
      log.debug("slot {} gen {} - hand-off link closed", slot, gen);
    }
  }

  @Override
  public String toString() {
    return "slot " + slot + " gen " + gen + " (" + path + ", " + state + ", " + sent.size()
        + " in flight)";
  }

  private final class Reports extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      HandoffWire.Report report;
      try {
        report = HandoffWire.Report.read(frame);
      } catch (IllegalArgumentException e) {
        protocolError(e.getMessage());
        return;
      } finally {
        frame.release();
      }
      onReport(report);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("slot {} gen {} - hand-off link: {}", slot, gen, cause.toString());
    }
  }
}

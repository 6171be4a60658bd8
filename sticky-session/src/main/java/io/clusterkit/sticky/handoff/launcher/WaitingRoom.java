package io.clusterkit.sticky.handoff.launcher;

import io.clusterkit.sticky.RouterOptions;
import io.clusterkit.sticky.RouterStats;
import io.clusterkit.sticky.RoutingTable;
import io.clusterkit.sticky.net.ClientTimeouts;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off router's sockets that found no READY worker: each waits, up to the queue timeout
 * from its accept, for a slot to become routable, and is then answered 503 by the launcher
 * itself ({@link UnavailableHandler}). Confined to the router's event loop.
 */
final class WaitingRoom {

  private static final Logger log = LoggerFactory.getLogger(HandoffRouter.class);

  private final RouterOptions options;
  private final RoutingTable table;
  private final EventLoop loop;
  private final Function<PendingSocket, EpollSocketChannel> channelOf;
  private final Runnable closed;
  private final RouterStats stats;
  private final Set<PendingSocket> waiting = new LinkedHashSet<>();

  /**
   * Creates an empty room.
   *
   * @param options the queue timeout
   * @param table named in the 503's log line
   * @param loop the router's event loop
   * @param channelOf the socket as a channel to answer on, or null when it is gone (then it is
   *     closed and counted out)
   * @param closed told when an answered socket is closed, to count it out
   * @param stats where waiting and 503-answered connections are counted
   */
  WaitingRoom(RouterOptions options, RoutingTable table, EventLoop loop,
      Function<PendingSocket, EpollSocketChannel> channelOf, Runnable closed, RouterStats stats) {
    this.stats = stats;
    this.options = options;
    this.table = table;
    this.loop = loop;
    this.channelOf = channelOf;
    this.closed = closed;
  }

  /**
   * Lets socket wait for a READY worker, starting its deadline on its first wait; answers 503 at
   * once when its deadline has passed.
   *
   * @param socket a socket no worker could take
   */
  void await(PendingSocket socket) {
    if (!socket.deadlinePassed && socket.deadline == null) {
      long left = options.getQueueTimeout().toMillis() - socket.elapsedMillis();
      if (left <= 0) {
        socket.deadlinePassed = true;
      } else {
        socket.deadline = loop.schedule(() -> onDeadline(socket), left, TimeUnit.MILLISECONDS);
      }
    }
    if (socket.deadlinePassed) {
      answer503(socket);
      return;
    }
    if (waiting.add(socket)) {
      stats.countQueued();
      log.debug("{} - no READY worker, waiting up to {} ms", socket,
          options.getQueueTimeout().toMillis());
    }
  }

  /** @return every waiting socket, in arrival order, none waiting any more */
  List<PendingSocket> takeAll() {
    List<PendingSocket> all = new ArrayList<>(waiting);
    waiting.clear();
    return all;
  }

  private void onDeadline(PendingSocket socket) {
    socket.deadline = null;
    socket.deadlinePassed = true;
    if (waiting.remove(socket)) {
      answer503(socket);
    }
  }

  private void answer503(PendingSocket socket) {
    waiting.remove(socket);
    socket.cancelDeadline();
    log.warn("no READY worker for {} after {} ms ({}) - answering 503", socket,
        socket.elapsedMillis(), table);
    EpollSocketChannel channel = channelOf.apply(socket);
    if (channel == null) {
      return;
    }
    stats.countUnavailable();
    channel.closeFuture().addListener(f -> closed.run());
    channel.pipeline().addLast(new UnavailableHandler(ClientTimeouts.HEAD_TIMEOUT,
        ClientTimeouts.LINGER));
    loop.register(channel).addListener(f -> {
      if (!f.isSuccess()) {
        channel.unsafe().closeForcibly();
        closed.run();
      }
    });
  }
}

package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.sticky.handoff.HandoffWire;
import io.clusterkit.sticky.handoff.PrefixPipe;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.FileDescriptor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's end of the socket hand-off (see {@link HandoffWire}): a Unix domain socket server
 * whose connections (from the launcher) carry client sockets' file descriptors. Each read batch
 * is reported to the launcher first and only then turned into client channels fired
 * into a target server channel's pipeline, where Netty's acceptor gives them the server's child
 * options and handler exactly as if the server had accepted them. Once it stops taking (the
 * launcher ended the link, or the worker began draining) every descriptor is closed unread and
 * reported refused, so the launcher gives it to another worker.
 *
 * <p>The receiver runs on the target servers' first event loop. On epoll it uses Netty's epoll
 * domain socket channels ({@link EpollListener}, {@link EpollLink}); on io_uring, that loop polls the receiver's sockets itself
 * ({@link UringListener}, {@link UringLink}), so a socket reaches its server with no other thread
 * woken.
 */
public final class HandoffReceiver implements LinkOwner {

  private static final Logger log = LoggerFactory.getLogger(HandoffReceiver.class);

  /** How long closes wait to be reported together. */
  static final long CLOSE_REPORT_DELAY_MILLIS = 2;

  /** Where received sockets go. */
  public interface Intake {

    /**
     * Picks the server channel the next socket joins; called on the receiver's event loop.
     *
     * @return an active server channel, or null when the worker takes no more connections
     */
    Channel target();

    /** Told once, on the receiver's event loop, when the launcher has ended its hand-off link. */
    void endOfStream();

    /**
     * Says whether the worker holds as many connections as it may: a socket received then is
     * closed at once, unread, before any channel is made of it (its descriptor freed at once).
     *
     * @param taken the sockets the receiver made channels of that are not closed yet
     * @return true while it is at its limit
     */
    default boolean full(int taken) {
      return false;
    }
  }

  private final String name;
  private final boolean prefixed;
  private final Intake intake;
  private final EventLoop loop;
  private final AtomicInteger closes = new AtomicInteger();
  private final Set<LinkPort> links = ConcurrentHashMap.newKeySet();
  private final Injector injector;
  private volatile boolean taking = true;
  private boolean fullSaid;
  private final AtomicInteger live = new AtomicInteger();
  // sockets taken whose report is not written yet: not channels yet, but on their way to be
  private final AtomicInteger transit = new AtomicInteger();
  private final Promise<Void> quiet = Promise.promise();
  private volatile LinkPort current;
  private volatile ReceiverSocket server;

  private HandoffReceiver(String name, EventLoop loop, WorkerTransport transport, Intake intake,
      boolean prefixed) {
    this.name = name;
    this.prefixed = prefixed;
    this.loop = loop;
    this.intake = intake;
    this.injector = new Injector(name, transport, this::countClose);
  }

  /**
   * Listens for the launcher on a Unix domain socket.
   *
   * @param name what log lines call this worker, e.g. {@code slot 2 gen 1}
   * @param path the socket path, in a directory only the launcher's user can enter; a stale
   *     socket file there is replaced
   * @param loop the target server channels' event loop, which the receiver runs on too
   * @param transport the native transport of loop
   * @param intake where sockets go
   * @param prefixed whether every socket comes with a prefix pipe (see {@link PrefixPipe}): the
   *     launcher reads PROXY headers, and the target servers expect them
   * @return a future completed with the listening receiver
   */
  public static Future<HandoffReceiver> listen(String name, Path path, EventLoop loop,
      WorkerTransport transport, Intake intake, boolean prefixed) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(transport, "transport");
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      return Future.failedFuture("cannot replace " + path + ": " + e);
    }
    HandoffReceiver receiver = new HandoffReceiver(name, loop, transport, intake, prefixed);
    return transport == WorkerTransport.EPOLL ? receiver.listenEpoll(path)
        : receiver.listenUring(path);
  }

  private Future<HandoffReceiver> listenEpoll(Path path) {
    return EpollListener.bind(path, loop, this).map(listening -> {
      server = listening;
      return this;
    });
  }

  private Future<HandoffReceiver> listenUring(Path path) {
    UringListener listener;
    try {
      listener = UringListener.bind(path, loop, this);
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(new IOException("cannot listen on " + path + ": " + e, e));
    }
    Promise<HandoffReceiver> promise = Promise.promise();
    listener.register().addListener(f -> {
      if (f.isSuccess()) {
        server = listener;
        promise.complete(this);
      } else {
        promise.fail(f.cause());
      }
    });
    return promise.future();
  }

  /** A link the io_uring listener accepted. On the receiver's loop. */
  void accepted(UringLink link) {
    link.register();
    linkOpened(link);
  }

  /** @return the event loop the receiver reads descriptors on */
  public EventLoop loop() {
    return loop;
  }

  /** @return how many sockets the receiver has taken so far */
  public int taken() {
    return injector.taken();
  }

  /** @return whether it still takes sockets */
  public boolean taking() {
    return taking;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Stops taking sockets: every descriptor received from now on is closed unread and reported
   * refused. Stops listening too. Idempotent; callable from any thread.
   */
  public void stopTaking() {
    taking = false;
    checkQuiet();
    loop.execute(() -> {
      if (server != null) {
        server.close();
      }
    });
  }

  /**
   * Stops taking and closes the listener and every link. Idempotent.
   *
   * @return a future completed once closed
   */
  public Future<Void> close() {
    taking = false;
    checkQuiet();
    Promise<Void> promise = Promise.promise();
    loop.execute(() -> {
      if (server != null) {
        server.close();
      }
      new ArrayList<>(links).forEach(LinkPort::close);
      promise.complete();
    });
    return promise.future();
  }

  /**
   * Ends every link at once, as the worker's death would, from any thread and even while the
   * receiver's event loop is stuck: the launcher sees end-of-stream and gives every socket it has
   * no report for to another worker. Takes no more sockets.
   */
  public void abort() {
    taking = false;
    checkQuiet();
    links.forEach(LinkPort::shutdownNow);
    ReceiverSocket listening = server;
    if (listening != null) {
      listening.shutdownNow();
    }
  }

  /**
   * Completes once the receiver takes no more sockets and every socket it took is closed: none
   * is on its way to a server any more, so closing the servers then cuts no connection that a
   * server has not seen yet.
   *
   * @return a future completed once quiet; never completed while the receiver still takes
   *     sockets
   */
  public Future<Void> quiet() {
    return quiet.future();
  }

  private void checkQuiet() {
    // transit is raised before taking is read (received), taking lowered before transit is read
    // (here): one of the two sides sees the other's write
    if (!taking && transit.get() == 0 && live.get() == 0) {
      quiet.tryComplete();
    }
  }

  private void countClose() {
    if (closes.getAndIncrement() == 0) {
      // closes come in bursts under load: one report for those of the next 2 ms (or they ride
      // on the next accept report), not one write per connection
      loop.schedule(this::reportCloses, CLOSE_REPORT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void reportCloses() {
    LinkPort link = current;
    if (link != null && link.isActive() && closes.get() > 0) {
      link.report(0, 0, closes.getAndSet(0), () -> { }, () -> { });
    }
  }

  /** A link opened; it is where closes are reported from now on. On the receiver's loop. */
  void linkOpened(LinkPort port) {
    links.add(port);
    current = port;
  }

  /**
   * Takes, or refuses, the complete part of what a link has received so far, removing it from
   * pending: reports it to the launcher and, once the report is written, fires the sockets
   * taken into their server channels. Runs on the receiver's loop.
   *
   * @param port the link
   * @param pending its descriptors received and not yet reported, in order
   */
  @Override
  public void received(LinkPort port, List<FileDescriptor> pending) {
    // with prefixes, descriptors come in pairs (socket, prefix pipe); a pair a read split
    // waits for its second half
    int step = prefixed ? 2 : 1;
    int complete = pending.size() - pending.size() % step;
    if (complete == 0) {
      return;
    }
    List<FileDescriptor> received = new ArrayList<>(pending.subList(0, complete));
    pending.subList(0, complete).clear();
    transit.addAndGet(complete / step);
    List<Injector.Handed> accepted = new ArrayList<>(received.size() / step);
    List<Channel> targets = new ArrayList<>(received.size() / step);
    int refused = 0;
    for (int i = 0; i < complete; i += step) {
      Injector.Handed handed = new Injector.Handed(received.get(i), prefixed ? received.get(i + 1) : null);
      Channel target = refused == 0 && taking ? intake.target() : null;
      if (target != null && target.isActive()) {
        accepted.add(handed);
        targets.add(target);
      } else {
        refused++;
        handed.close();
      }
    }
    if (refused > 0) {
      transit.addAndGet(-refused);
      checkQuiet();
      log.info("{} - refused {} sockets: no longer taking connections", name, refused);
    }
    port.report(accepted.size(), refused, closes.getAndSet(0), () -> {
          // one task per server channel for the whole read, not one per socket
          Map<Channel, List<Channel>> byTarget = new LinkedHashMap<>();
          for (int i = 0; i < accepted.size(); i++) {
            if (intake.full(live.get())) {
              // taken and closed at once: the client sees its connection closed, the launcher
              // the close in the next report
              accepted.get(i).close();
              countClose();
              if (!fullSaid) {
                fullSaid = true;
                log.warn("{} - at its connection limit: closing new connections until some "
                    + "close", name);
              }
              continue;
            }
            if (fullSaid) {
              fullSaid = false;
              log.info("{} - below its connection limit again: taking connections", name);
            }
            Channel child = injector.wrap(accepted.get(i));
            if (child != null) {
              live.incrementAndGet();
              child.closeFuture().addListener(f -> {
                live.decrementAndGet();
                checkQuiet();
              });
              byTarget.computeIfAbsent(targets.get(i), t -> new ArrayList<>()).add(child);
            }
          }
          byTarget.forEach(injector::inject);
          transit.addAndGet(-accepted.size());
          checkQuiet();
        }, () -> {
          accepted.forEach(Injector.Handed::close);
          transit.addAndGet(-accepted.size());
          checkQuiet();
        });
  }

  /**
   * A link ended. Runs on the receiver's loop.
   *
   * @param port the link
   * @param unreported descriptors it received and never reported: the launcher still holds
   *     them and gives them to another worker
   */
  @Override
  public void linkEnded(LinkPort port, List<FileDescriptor> unreported) {
    links.remove(port);
    unreported.forEach(HandoffWire::closeQuietly);
    unreported.clear();
    if (current == port) {
      current = null;
    }
    if (taking) {
      log.info("{} - the launcher ended the hand-off link: no more connections will come", name);
      taking = false;
      if (server != null) {
        server.close();
      }
      intake.endOfStream();
    }
    checkQuiet();
  }
}

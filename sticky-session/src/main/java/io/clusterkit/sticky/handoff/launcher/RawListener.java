package io.clusterkit.sticky.handoff.launcher;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening TCP socket on an epoll event loop that yields each accepted connection as a bare
 * file descriptor and its peer address, with no {@code Channel} around it: the router only passes
 * descriptors on, and a Netty child channel per connection would cost the launcher an object
 * graph and three system calls (its local address, TCP_NODELAY, the send buffer size) that the
 * worker makes again anyway. Level-triggered, so pausing is just dropping EPOLLIN. Confined to
 * its event loop once registered.
 */
final class RawListener implements EpollIoHandle {

  private static final Logger log = LoggerFactory.getLogger(RawListener.class);
  /** Connections accepted per readiness event before the loop runs other work. */
  private static final int ACCEPTS_PER_EVENT = 64;
  /** How long accepting waits after a failed accept. */
  static final long RETRY_MILLIS = 100;

  /** Told of each accepted connection, on the event loop. */
  interface Acceptor {

    /**
     * Takes an accepted, non-blocking client socket.
     *
     * @param fd its descriptor, now owned by the acceptor
     * @param remote the client's address
     */
    void accepted(int fd, InetSocketAddress remote);
  }

  private final Socket socket;
  private final Acceptor acceptor;
  private final byte[] address = new byte[26];
  private IoRegistration registration;
  private EventLoop loop;
  private boolean paused;
  /** Out of descriptors: accepting waits for RETRY_MILLIS, then tries again. */
  private boolean starved;
  private long starvedSince;
  private long failedAccepts;

  private RawListener(Socket socket, Acceptor acceptor) {
    this.socket = socket;
    this.acceptor = acceptor;
  }

  /**
   * Binds and listens (SO_REUSEADDR), not yet registered.
   *
   * @param address where to listen
   * @param backlog the listen backlog
   * @param acceptor what takes each connection
   * @return the listening socket
   * @throws IOException when the socket cannot be bound
   */
  static RawListener bind(InetSocketAddress address, int backlog, Acceptor acceptor)
      throws IOException {
    Socket socket = Socket.newSocketStream();
    try {
      socket.setReuseAddress(true);
      socket.bind(address);
      socket.listen(backlog);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    return new RawListener(socket, acceptor);
  }

  /**
   * Registers with loop and starts accepting.
   *
   * @param loop an epoll event loop
   * @return a future completed once registered
   */
  Future<IoRegistration> register(EventLoop loop) {
    this.loop = loop;
    return ((IoEventLoop) loop).register(this).addListener(f -> {
      if (f.isSuccess()) {
        registration = (IoRegistration) f.getNow();
        interest();
      }
    });
  }

  /** @return the bound port */
  int port() {
    return socket.localAddress().getPort();
  }

  /** Stops or resumes accepting: the kernel's backlog holds new connections meanwhile. */
  void paused(boolean paused) {
    if (this.paused != paused) {
      this.paused = paused;
      interest();
    }
  }

  private void interest() {
    if (registration != null && registration.isValid()) {
      registration.submit(paused || starved ? EpollIoOps.EPOLLERR : EpollIoOps.EPOLLIN);
    }
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    if (paused || starved || !((EpollIoEvent) event).ops().contains(EpollIoOps.EPOLLIN)) {
      return;
    }
    for (int i = 0; i < ACCEPTS_PER_EVENT && !paused && socket.isOpen(); i++) {
      int fd;
      try {
        fd = socket.accept(address);
      } catch (IOException e) {
        // EMFILE and the like: the connection stays in the backlog; level-triggered epoll would
        // tell again at once, a busy loop, so accepting waits and tries again
        starve(e);
        return;
      }
      if (fd < 0) {
        return;
      }
      if (starvedSince != 0) {
        log.info("accepting on port {} again after {} ms without descriptors ({} accepts "
            + "failed)", port(), (System.nanoTime() - starvedSince) / 1_000_000, failedAccepts);
        starvedSince = 0;
        failedAccepts = 0;
      }
      acceptor.accepted(fd, NativeInetAddress.address(address, 1, address[0]));
    }
  }

  /**
   * Stops accepting for {@value #RETRY_MILLIS} ms after a failed accept (the process is out of
   * descriptors, mostly), saying so once until an accept succeeds again; clients wait in the
   * kernel's backlog meanwhile.
   */
  private void starve(IOException cause) {
    failedAccepts++;
    if (starvedSince == 0) {
      starvedSince = System.nanoTime();
      log.warn("accept on port {} failed: {}; new connections wait in the backlog, accepting "
          + "is retried every {} ms", port(), cause.toString(), RETRY_MILLIS);
    }
    if (loop == null) {
      return;
    }
    starved = true;
    interest();
    loop.schedule(() -> {
      starved = false;
      interest();
    }, RETRY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Stops listening and closes the socket; connections in its backlog are reset. */
  @Override
  public void close() {
    if (registration != null) {
      registration.cancel();
    }
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("closing the listening socket: {}", e.toString());
    }
  }
}

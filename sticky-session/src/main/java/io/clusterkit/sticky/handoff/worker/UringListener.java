package io.clusterkit.sticky.handoff.worker;

import io.netty.channel.EventLoop;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off receiver's listening Unix domain socket, polled by an io_uring event loop: each
 * connection it accepts (from the launcher) becomes a {@link UringLink}.
 */
final class UringListener extends UringPolled {

  private static final Logger log = LoggerFactory.getLogger(UringListener.class);
  private static final int BACKLOG = 16;

  private final HandoffReceiver receiver;
  private final byte[] address = new byte[128];

  private UringListener(Socket socket, EventLoop loop, HandoffReceiver receiver) {
    super(socket, loop);
    this.receiver = receiver;
  }

  /**
   * Binds and listens; {@link #register()} then starts accepting.
   *
   * @throws IOException when the path cannot be bound
   */
  static UringListener bind(Path path, EventLoop loop, HandoffReceiver receiver)
      throws IOException {
    Socket socket = Socket.newSocketDomain();
    try {
      socket.bind(new DomainSocketAddress(path.toString()));
      socket.listen(BACKLOG);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
    return new UringListener(socket, loop, receiver);
  }

  @Override
  void readable(int events) {
    while (!isClosed()) {
      int fd;
      try {
        fd = socket.accept(address);
      } catch (IOException e) {
        // shut down (by abort) or failed: the receiver takes no more links
        log.debug("{} - accept: {}", receiver.name(), e.toString());
        close();
        return;
      }
      if (fd < 0) {
        break;
      }
      receiver.accepted(new UringLink(new Socket(fd), loop, receiver));
    }
    pollReadable();
  }

  @Override
  void failed() {
    close();
  }

  @Override
  public String toString() {
    return receiver.name() + " hand-off listener";
  }
}

package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.handoff.HandoffWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hand-off link from the launcher, read by an io_uring event loop itself: when its poll
 * fires, the loop receives every queued descriptor with {@code recvmsg} and hands them to the
 * {@link HandoffReceiver} as one batch. Reports go out with plain writes; the rare one the
 * socket cannot take at once waits for it to drain, and what depends on it waits too.
 */
final class UringLink extends UringPolled implements LinkPort {

  private static final Logger log = LoggerFactory.getLogger(UringLink.class);

  /** Descriptors read per wake-up at most, so one busy link cannot hold the loop. */
  private static final int MAX_PER_READ = 64;

  private final LinkOwner receiver;
  private final List<FileDescriptor> pending = new ArrayList<>();
  /** Report bytes the socket did not take yet; empty almost always. */
  private final ByteBuf unsent = Unpooled.directBuffer(64);
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long queued;
  private long sent;
  private boolean ended;

  UringLink(Socket socket, EventLoop loop, LinkOwner receiver) {
    super(socket, loop);
    this.receiver = receiver;
  }

  /** What runs once the report that ends at offset is written, or when it cannot be. */
  private record Waiter(long offset, Runnable written, Runnable failed) {
  }

  @Override
  void readable(int events) {
    boolean atEnd = false;
    for (int i = 0; i < MAX_PER_READ; i++) {
      int fd;
      try {
        fd = socket.recvFd();
      } catch (IOException e) {
        log.debug("{} - recvmsg: {}", this, e.toString());
        atEnd = true;
        break;
      }
      if (fd > 0) {
        pending.add(new FileDescriptor(fd));
      } else {
        atEnd = fd < 0;
        break;
      }
    }
    if (!pending.isEmpty()) {
      receiver.received(this, pending);
    }
    if (atEnd) {
      end();
    } else {
      pollReadable();
    }
  }

  @Override
  void writable() {
    flush();
  }

  @Override
  void failed() {
    end();
  }

  @Override
  public boolean isActive() {
    return !ended;
  }

  @Override
  public void report(int accepted, int refused, int closed, Runnable written,
      Runnable failed) {
    if (ended) {
      failed.run();
      return;
    }
    HandoffWire.writeReport(unsent, accepted, refused, closed);
    queued += HandoffWire.REPORT_BYTES;
    waiters.add(new Waiter(queued, written, failed));
    flush();
  }

  /** Writes what the socket takes of the unsent bytes; runs the waiters of what it took. */
  private void flush() {
    while (unsent.isReadable() && !ended) {
      ByteBuffer bytes = unsent.nioBuffer();
      int n;
      try {
        n = socket.write(bytes, bytes.position(), bytes.limit());
      } catch (IOException e) {
        log.debug("{} - report: {}", this, e.toString());
        end();
        return;
      }
      if (n <= 0) {
        pollWritable();
        break;
      }
      unsent.skipBytes(n);
      sent += n;
    }
    if (!unsent.isReadable()) {
      unsent.clear();
    }
    while (!waiters.isEmpty() && waiters.peek().offset() <= sent) {
      waiters.poll().written().run();
    }
  }

  /** The link ended or failed: what waits for a report fails, unreported descriptors close. */
  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    closeSocket();
    unsent.release();
    while (!waiters.isEmpty()) {
      waiters.poll().failed().run();
    }
    receiver.linkEnded(this, pending);
  }

  /** Closes the link; on its loop. */
  @Override
  public void close() {
    end();
  }

  @Override
  public String toString() {
    return receiver.name() + " hand-off link";
  }
}

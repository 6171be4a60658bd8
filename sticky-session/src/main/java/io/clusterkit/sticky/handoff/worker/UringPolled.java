package io.clusterkit.sticky.handoff.worker;

import io.clusterkit.sticky.handoff.HandoffWire;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.unix.Socket;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoOps;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket of the worker's hand-off receiver that an io_uring event loop watches with one-shot
 * {@code POLL_ADD} operations, and that is then read and written with plain non-blocking system
 * calls on that loop. Netty's io_uring domain socket channel cannot serve here: reading
 * descriptors, it takes the end of the stream for a repeat of the last descriptor received.
 * Everything but {@link #shutdownNow()} runs on the loop.
 */
abstract class UringPolled implements IoUringIoHandle, ReceiverSocket {

  private static final Logger log = LoggerFactory.getLogger(UringPolled.class);

  // from the kernel's io_uring.h and poll.h, which Netty's io_uring package keeps to itself
  private static final byte IORING_OP_POLL_ADD = 6;
  private static final byte IORING_OP_ASYNC_CANCEL = 14;
  private static final int ECANCELED = 125;
  static final int POLLIN = 0x1;
  static final int POLLOUT = 0x4;
  static final int POLLERR = 0x8;
  static final int POLLHUP = 0x10;
  static final int POLLRDHUP = 0x2000;

  /** The two polls a socket may have outstanding, told apart by their operation's data. */
  private static final short READ = 1;
  private static final short WRITE = 2;

  final Socket socket;
  final EventLoop loop;
  private IoRegistration registration;
  private long readPoll;
  private long writePoll;
  private boolean closed;

  UringPolled(Socket socket, EventLoop loop) {
    this.socket = socket;
    this.loop = loop;
  }

  /**
   * Registers the socket with its loop and waits for it to become readable.
   *
   * @return a future completed once registered, on the loop
   */
  final Future<IoRegistration> register() {
    return ((IoEventLoop) loop).register(this).addListener(f -> {
      if (f.isSuccess()) {
        registration = (IoRegistration) f.getNow();
        if (closed) {
          registration.cancel();
        } else {
          pollReadable();
        }
      } else {
        closeSocket();
      }
    });
  }

  /** Waits (once) for the socket to become readable, or to end. */
  final void pollReadable() {
    if (!closed && readPoll == 0) {
      readPoll = submitPoll(POLLIN | POLLRDHUP, READ);
    }
  }

  /** Waits (once) for the socket to take more bytes. */
  final void pollWritable() {
    if (!closed && writePoll == 0) {
      writePoll = submitPoll(POLLOUT, WRITE);
    }
  }

  private long submitPoll(int mask, short which) {
    return registration.submit(new IoUringIoOps(IORING_OP_POLL_ADD, (byte) 0, (short) 0,
        socket.intValue(), 0L, 0L, 0, mask, which, (short) 0, (short) 0, 0, 0L));
  }

  @Override
  public final void handle(IoRegistration registration, IoEvent event) {
    IoUringIoEvent completion = (IoUringIoEvent) event;
    if (completion.opcode() != IORING_OP_POLL_ADD) {
      return; // a cancel's own completion
    }
    boolean read = completion.data() == READ;
    if (read) {
      readPoll = 0;
    } else {
      writePoll = 0;
    }
    int res = completion.res();
    if (closed || res == -ECANCELED) {
      return;
    }
    if (res < 0) {
      log.debug("{} - poll failed: errno {}", this, -res);
      failed();
      return;
    }
    if (read) {
      readable(res);
    } else {
      writable();
    }
  }

  /**
   * The socket is readable or has ended; the subclass reads what it can and then calls
   * {@link #pollReadable()} again unless it closed.
   *
   * @param events the poll events seen
   */
  abstract void readable(int events);

  /** The socket takes more bytes. */
  void writable() {
  }

  /** The poll itself failed: the socket is of no more use. */
  abstract void failed();

  /** Closes the socket, as {@link #closeSocket()} does; subclasses may do more. */
  @Override
  public void close() {
    closeSocket();
  }

  /** Stops polling and closes the socket. Idempotent. */
  final void closeSocket() {
    if (closed) {
      return;
    }
    closed = true;
    if (registration != null) {
      cancel(readPoll);
      cancel(writePoll);
      registration.cancel();
    }
    try {
      // a poll in flight holds the kernel's file, not the number: closing now is safe
      socket.close();
    } catch (IOException e) {
      log.debug("{} - close: {}", this, e.toString());
    }
  }

  private void cancel(long poll) {
    if (poll != 0) {
      registration.submit(new IoUringIoOps(IORING_OP_ASYNC_CANCEL, (byte) 0, (short) 0, -1, 0L,
          poll, 0, 0, (short) 0, (short) 0, (short) 0, 0, 0L));
    }
  }

  /** @return whether {@link #closeSocket()} was called */
  final boolean isClosed() {
    return closed;
  }

  /**
   * Shuts the socket down both ways from any thread, even while the loop is stuck: the peer sees
   * the end at once, and the loop's poll fires.
   */
  @Override
  public final void shutdownNow() {
    HandoffWire.shutdownQuietly(socket);
  }
}

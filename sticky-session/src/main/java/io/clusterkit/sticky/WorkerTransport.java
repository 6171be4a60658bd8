package io.clusterkit.sticky;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringSocketChannel;
import io.vertx.core.transport.Transport;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The Netty native transport of a worker's event loops, which serve its clients: io_uring where
 * the kernel allows it, else epoll. Launcher and workers agree through the environment variable
 * {@value #ENV}. For the socket hand-off it makes a client channel of a received descriptor,
 * registrable on those loops.
 */
public enum WorkerTransport {

  /** Netty's io_uring transport: fewer system calls per request. */
  IO_URING {
    @Override
    public Transport vertx() {
      return Transport.IO_URING;
    }

    @Override
    public Channel socketChannel(int fd) {
      try {
        return (Channel) UringChannels.NEW_CHANNEL.invoke(fd);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  },

  /** Netty's epoll transport. */
  EPOLL {
    @Override
    public Transport vertx() {
      return Transport.EPOLL;
    }

    @Override
    public Channel socketChannel(int fd) {
      return new EpollSocketChannel(fd);
    }
  };

  /** The environment variable that tells a worker its transport. */
  public static final String ENV = "CLUSTERKIT_TRANSPORT";

  /** The operator's word for "io_uring where it works, else epoll". */
  public static final String AUTO = "auto";

  /** @return the name used in the environment, on the command line and in log lines */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @return the Vert.x transport to build the worker's Vert.x with; null if its classes miss */
  public abstract Transport vertx();

  /**
   * Makes a connected client channel of a descriptor, not yet registered: what the worker's
   * hand-off receiver does with each socket it takes. It reads its addresses from the descriptor.
   *
   * @param fd a connected TCP socket's descriptor, which the channel then owns
   * @return the channel
   */
  public abstract Channel socketChannel(int fd);

  /**
   * Reads a transport name, as a worker reads it from {@value #ENV}.
   *
   * @param id {@code io_uring} or {@code epoll}, any case
   * @return the transport
   * @throws IllegalArgumentException naming the value and the known ones
   */
  public static WorkerTransport of(String id) {
    String wanted = id == null ? "" : id.trim();
    for (WorkerTransport transport : values()) {
      if (transport.id().equalsIgnoreCase(wanted)) {
        return transport;
      }
    }
    throw new IllegalArgumentException(ENV + " must be io_uring or epoll, was '" + id + "'");
  }

  /**
   * Checks an operator's choice of worker transport ({@code -transport}).
   *
   * @param requested {@code auto}, {@code io_uring} or {@code epoll}, any case; null or blank is
   *     {@code auto}
   * @return the value normalised to lower case
   * @throws IllegalArgumentException naming the value and the known ones
   */
  public static String checkChoice(String requested) {
    String wanted = requested == null || requested.isBlank()
        ? AUTO : requested.trim().toLowerCase(Locale.ROOT);
    if (!wanted.equals(AUTO) && !wanted.equals(IO_URING.id()) && !wanted.equals(EPOLL.id())) {
      throw new IllegalArgumentException("transport must be auto, io_uring or epoll, was '"
          + requested + "'");
    }
    return wanted;
  }

  /**
   * Chooses the workers' transport: the one asked for; under {@code auto}, io_uring for workers
   * that take handed-off sockets or bind the public port themselves (reuseport) where it works,
   * epoll elsewhere. Forwarded workers listen on Unix domain sockets, which Vert.x's io_uring
   * transport does not have, so they always run epoll.
   *
   * @param requested the operator's choice ({@link #checkChoice}): auto, io_uring or epoll
   * @param mode how connections reach workers
   * @param ioUringCause why io_uring cannot work here, or null when it can; asked only when
   *     io_uring may be chosen (probing it loads its native library)
   * @return the transport
   * @throws IllegalArgumentException when requested is unknown, or is io_uring where it cannot
   *     work
   */
  public static WorkerTransport select(String requested, RouterMode mode,
      Supplier<String> ioUringCause) {
    String wanted = checkChoice(requested);
    if (wanted.equals(EPOLL.id())) {
      return EPOLL;
    }
    boolean asked = wanted.equals(IO_URING.id());
    if (mode == RouterMode.FORWARD) {
      if (asked) {
        throw new IllegalArgumentException("-transport io_uring does not work with the forward "
            + "router: its workers listen on Unix domain sockets, which Vert.x's io_uring "
            + "transport lacks (use -router handoff, -balance reuseport or -transport epoll)");
      }
      return EPOLL;
    }
    String cause = ioUringCause.get();
    if (cause == null) {
      return IO_URING;
    }
    if (asked) {
      throw new IllegalArgumentException("-transport io_uring is unavailable here: " + cause);
    }
    return EPOLL;
  }

  /**
   * @return why Netty's io_uring transport cannot serve workers in this JVM (kernel, seccomp
   *     policy, missing native library), or null when it can
   */
  public static String ioUringUnavailability() {
    try {
      if (!IoUring.isAvailable()) {
        Throwable cause = IoUring.unavailabilityCause();
        return cause == null ? "unknown cause" : String.valueOf(cause.getMessage() == null
            ? cause : cause.getMessage());
      }
    } catch (LinkageError e) {
      return "Netty's io_uring classes are missing: " + e;
    }
    return UringChannels.MISSING == null ? null
        : "this Netty's io_uring transport cannot wrap a received socket: " + UringChannels.MISSING;
  }

  /**
   * Netty's io_uring transport makes an accepted socket's channel with a constructor its package
   * keeps to itself ({@code IoUringSocketChannel(Channel, LinuxSocket)}); a received descriptor
   * is wrapped the same way. Looked up once, on first use.
   */
  private static final class UringChannels {

    static final MethodHandle NEW_CHANNEL;
    static final Throwable MISSING;

    static {
      MethodHandle handle = null;
      Throwable missing = null;
      try {
        Class<?> linuxSocket = Class.forName("io.netty.channel.uring.LinuxSocket");
        Constructor<?> socket = linuxSocket.getDeclaredConstructor(int.class);
        socket.setAccessible(true);
        Constructor<IoUringSocketChannel> channel = IoUringSocketChannel.class
            .getDeclaredConstructor(Channel.class, linuxSocket);
        channel.setAccessible(true);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle newChannel = MethodHandles.insertArguments(
            lookup.unreflectConstructor(channel), 0, (Object) null);
        handle = MethodHandles.filterArguments(newChannel, 0, lookup.unreflectConstructor(socket))
            .asType(MethodType.methodType(Object.class, int.class));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        missing = e;
      }
      NEW_CHANNEL = handle;
      MISSING = missing;
    }
  }
}

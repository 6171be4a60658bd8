package io.clusterkit.launcher.systemd;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The socket systemd's service manager listens on for a {@code Type=notify} service's state
 * ({@code NOTIFY_SOCKET}): each message is one AF_UNIX datagram of newline-separated
 * {@code KEY=VALUE} lines, sent to a path, or to an abstract name when the address starts with
 * {@code '@'}. The JDK has no AF_UNIX datagram sockets; Netty's native transport, which the
 * launcher loads anyway, has, and its non-blocking {@code sendto} never holds up the caller.
 */
public final class NotifySocket implements AutoCloseable {

  /** The variable systemd sets to the socket's address. */
  public static final String ENV = "NOTIFY_SOCKET";

  private final String address;
  private final byte[] target;
  private final Socket socket;

  private NotifySocket(String address, byte[] target, Socket socket) {
    this.address = address;
    this.target = target;
    this.socket = socket;
  }

  /**
   * Opens a datagram socket for the address of {@code NOTIFY_SOCKET}, when it is set.
   *
   * @param env the process environment
   * @return the socket, or null when {@code NOTIFY_SOCKET} is not set or empty
   * @throws IllegalArgumentException when the address is neither a path nor an abstract name
   * @throws IllegalStateException when Netty's native transport cannot load here
   */
  public static NotifySocket fromEnvironment(Map<String, String> env) {
    String address = env.get(ENV);
    return address == null || address.isEmpty() ? null : open(address);
  }

  /**
   * Opens a datagram socket that sends to one notify address.
   *
   * @param address an absolute path, or {@code @name} for an abstract socket
   * @return the socket
   * @throws IllegalArgumentException when the address is neither a path nor an abstract name
   * @throws IllegalStateException when Netty's native transport cannot load here
   */
  public static NotifySocket open(String address) {
    Objects.requireNonNull(address, "address");
    byte[] target = target(address);
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("cannot reach " + ENV + " " + address + ": Netty's native "
          + "transport is unavailable (" + Epoll.unavailabilityCause() + ")");
    }
    return new NotifySocket(address, target, Socket.newSocketDomainDgram());
  }

  /**
   * The bytes of the socket address's path: a path as it is, an abstract name with its leading
   * {@code '@'} turned into the NUL byte the kernel takes for one.
   *
   * @param address the notify address
   * @return the path bytes for {@code sockaddr_un}
   * @throws IllegalArgumentException when the address is neither a path nor an abstract name
   */
  static byte[] target(String address) {
    if (address.startsWith("@") && address.length() > 1) {
      byte[] name = address.substring(1).getBytes(StandardCharsets.UTF_8);
      byte[] abstractName = new byte[name.length + 1];
      System.arraycopy(name, 0, abstractName, 1, name.length);
      return abstractName;
    }
    if (address.startsWith("/")) {
      return address.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException(ENV + " must be an absolute path or an @abstract name, was '"
        + address + "'");
  }

  /** @return the address messages go to, as NOTIFY_SOCKET gave it */
  public String address() {
    return address;
  }

  /**
   * Sends one message as one datagram.
   *
   * @param message newline-separated {@code KEY=VALUE} lines, e.g. {@code "READY=1"}
   * @throws IOException when the datagram cannot be sent (no listener, its queue is full)
   */
  public void send(String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    int sent = socket.sendToDomainSocket(buffer, 0, bytes.length, target);
    if (sent != bytes.length) {
      throw new IOException("the notify socket " + address + " took " + sent + " of "
          + bytes.length + " bytes (its queue is full)");
    }
  }

  /** Closes the socket; later sends fail. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing was held but the descriptor, which is gone either way
    }
  }
}

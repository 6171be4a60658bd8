package io.clusterkit.examples.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many raw TCP clients of one port driven from the test's thread with one selector: each
 * connects, may send bytes now and then, and records what it read and when the server closed
 * it. For abuse cases: slow heads, silent connections, bodies that never end.
 */
public final class RawClients implements AutoCloseable {

  /** One connection: what it read and when it was closed, in nanoseconds from its start. */
  public static final class Client {
    final SocketChannel channel;
    final long startNanos = System.nanoTime();
    final StringBuilder read = new StringBuilder();
    long closedAfterNanos = -1;

    Client(SocketChannel channel) {
      this.channel = channel;
    }

    /** @return what the server sent, as ASCII */
    public String read() {
      return read.toString();
    }

    /** @return whether the server closed (or reset) the connection */
    public boolean closed() {
      return closedAfterNanos >= 0;
    }

    /** @return how long after connecting the server closed it, or null while open */
    public Duration closedAfter() {
      return closedAfterNanos < 0 ? null : Duration.ofNanos(closedAfterNanos);
    }
  }

  private final Selector selector;
  private final List<Client> clients = new ArrayList<>();

  /**
   * Connects count clients to 127.0.0.1:port.
   *
   * @param port the port
   * @param count how many
   */
  public RawClients(int port, int count) {
    try {
      selector = Selector.open();
      for (int i = 0; i < count; i++) {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.configureBlocking(false);
        Client client = new Client(channel);
        channel.register(selector, SelectionKey.OP_READ, client);
        clients.add(client);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the clients */
  public List<Client> clients() {
    return clients;
  }

  /** @return how many the server has closed */
  public long closedCount() {
    return clients.stream().filter(Client::closed).count();
  }

  /**
   * Sends text on every client still open; a client whose send fails counts as closed.
   *
   * @param text what to send
   */
  public void sendAll(String text) {
    for (Client client : clients) {
      if (!client.closed()) {
        try {
          client.channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
          closed(client);
        }
      }
    }
  }

  /**
   * Reads what has arrived for up to wait, noting each close.
   *
   * @param wait how long to wait for something to arrive
   */
  public void poll(Duration wait) {
    try {
      selector.select(Math.max(1, wait.toMillis()));
      for (SelectionKey key : selector.selectedKeys()) {
        Client client = (Client) key.attachment();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int n;
        try {
          while ((n = client.channel.read(buffer)) > 0) {
            client.read.append(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
            buffer.clear();
          }
        } catch (IOException e) {
          n = -1;
        }
        if (n < 0) {
          closed(client);
          key.cancel();
        }
      }
      selector.selectedKeys().clear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls until every client is closed or the limit passes, sending tick on the open ones at
   * each interval.
   *
   * @param limit the longest wait
   * @param interval between two ticks
   * @param tick what to send, or null for nothing
   */
  public void driveUntilAllClosed(Duration limit, Duration interval, String tick) {
    long deadline = System.nanoTime() + limit.toNanos();
    long nextTick = System.nanoTime() + interval.toNanos();
    while (closedCount() < clients.size() && System.nanoTime() < deadline) {
      poll(Duration.ofMillis(50));
      if (tick != null && System.nanoTime() >= nextTick) {
        sendAll(tick);
        nextTick += interval.toNanos();
      }
    }
  }

  private void closed(Client client) {
    if (client.closedAfterNanos < 0) {
      client.closedAfterNanos = System.nanoTime() - client.startNanos;
    }
  }

  @Override
  public void close() {
    for (Client client : clients) {
      try {
        client.channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}

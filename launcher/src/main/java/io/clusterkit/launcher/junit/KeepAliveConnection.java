package io.clusterkit.launcher.junit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One persistent HTTP/1.1 connection to 127.0.0.1 written by hand: requests may be sent ahead
 * (pipelined) and each response is read by its Content-Length, so a test knows which connection
 * answered and in which order.
 */
public final class KeepAliveConnection implements AutoCloseable {

  private final Socket socket;
  private final int port;
  private final InputStream in;

  /**
   * Opens a connection.
   *
   * @param port the port on 127.0.0.1
   * @throws IOException when the connection cannot be made
   */
  public KeepAliveConnection(int port) throws IOException {
    this(new Socket(), port);
  }

  /**
   * Wraps a socket already connected (or connects it), e.g. one that has sent a PROXY header.
   *
   * @param socket the socket
   * @param port the port on 127.0.0.1 it is, or is to be, connected to
   * @throws IOException when the connection cannot be made
   */
  public KeepAliveConnection(Socket socket, int port) throws IOException {
    this.socket = socket;
    this.port = port;
    if (!socket.isConnected()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    }
    socket.setSoTimeout(30_000);
    in = socket.getInputStream();
  }

  /**
   * A connection that landed on the worker of a slot, found by connecting until one does (the
   * answer to {@code GET /} must carry a {@code worker} field, see {@link RawHttp.Response}).
   *
   * @param port the public port
   * @param slot the worker's slot
   * @return the open connection
   * @throws AssertionError when none landed there within 20 s
   */
  public static KeepAliveConnection toSlot(int port, int slot) {
    return Await.until(Duration.ofSeconds(20), () -> {
      try {
        KeepAliveConnection connection = new KeepAliveConnection(port);
        if (connection.get("/").worker() == slot) {
          return connection;
        }
        connection.close();
        return null;
      } catch (IOException e) {
        return null;
      }
    }, c -> c != null, "a connection to slot " + slot);
  }

  /**
   * Sends a GET without waiting for the answer.
   *
   * @param path the path and query
   * @throws IOException when the write fails
   */
  public void send(String path) throws IOException {
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /**
   * Reads one response: its head, then a Content-Length body.
   *
   * @return the response
   * @throws IOException when the connection ends before a whole response
   */
  public RawHttp.Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head.size() + " bytes of a head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    RawHttp.Response parsed = RawHttp.parse(head.toByteArray());
    int length = Integer.parseInt(parsed.headers().getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("connection closed after " + body.length + " of " + length);
    }
    return new RawHttp.Response(parsed.status(), parsed.headers(),
        new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Sends a GET and reads its response.
   *
   * @param path the path and query
   * @return the response
   * @throws IOException when the exchange fails
   */
  public RawHttp.Response get(String path) throws IOException {
    send(path);
    return read();
  }

  /**
   * Reads one byte to see whether the server has closed the connection.
   *
   * @return true at end of stream
   * @throws IOException when the read fails (a reset)
   */
  public boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  /** @return the socket, for tests that write raw bytes */
  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

package io.clusterkit.examples.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection written by hand: requests are sent one at a time and each
 * response is read by its Content-Length, so the test knows which connection answered.
 */
final class KeepAliveConnection implements AutoCloseable {

  private final Socket socket = new Socket();
  private final int port;
  private final KeepAliveReader reader;

  /**
   * A keep-alive connection to the worker of slot, found by connecting until one lands there.
   *
   * @param port the public port
   * @param slot the worker's slot
   * @return the open connection; fails the test after 20 s
   */
  static KeepAliveConnection toSlot(int port, int slot) {
    return Poll.until(java.time.Duration.ofSeconds(20), () -> {
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
    }, c -> c != null, () -> "a connection to slot " + slot);
  }

  KeepAliveConnection(int port) throws IOException {
    this.port = port;
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(30_000);
    reader = new KeepAliveReader(socket);
  }

  /** Sends a GET without waiting for the answer. */
  void send(String path) throws IOException {
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Reads one response (head and Content-Length body). */
  RawHttp.Response read() throws IOException {
    return reader.read();
  }

  RawHttp.Response get(String path) throws IOException {
    send(path);
    return read();
  }

  /** @return true when the server has closed the connection (end of stream) */
  boolean closedByServer() throws IOException {
    return socket.getInputStream().read() < 0;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

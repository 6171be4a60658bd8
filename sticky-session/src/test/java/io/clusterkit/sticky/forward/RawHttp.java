package io.clusterkit.sticky.forward;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A blocking HTTP/1.1 exchange over a plain socket, for what Vert.x's client hides: whether the
 * connection ended with FIN or with a reset, and half-closing after the request. Run it off the
 * event loop ({@code vertx.executeBlocking}).
 */
final class RawHttp {

  /** What came back: every byte until the end, and how the connection ended. */
  record Result(String text, boolean reset, String resetMessage, long elapsedMillis) {

    int status() {
      return text.length() < 12 ? -1 : Integer.parseInt(text.substring(9, 12));
    }

    /** @return the headers, names lower-cased */
    Map<String, String> headers() {
      Map<String, String> headers = new HashMap<>();
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(),
              lines[i].substring(colon + 1).trim());
        }
      }
      return headers;
    }

    String body() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : text.substring(end + 4);
    }
  }

  private RawHttp() {
  }

  /**
   * Sends head and body, optionally half-closes, then reads until the server ends.
   *
   * @param port the router's port on 127.0.0.1
   * @param head the request head, CRLF-terminated
   * @param body bytes after the head (may be large: written before anything is read)
   * @param halfClose whether to shut the output (send FIN) after the request
   * @return what came back
   */
  static Result exchange(int port, String head, byte[] body, boolean halfClose)
      throws IOException {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      if (halfClose) {
        socket.shutdownOutput();
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      String reset = null;
      try {
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
          received.write(chunk, 0, n);
        }
      } catch (SocketException e) {
        reset = e.getMessage();
      }
      return new Result(received.toString(StandardCharsets.ISO_8859_1), reset != null, reset,
          (System.nanoTime() - started) / 1_000_000);
    }
  }
}

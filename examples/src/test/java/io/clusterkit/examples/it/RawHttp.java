package io.clusterkit.examples.it;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 requests written by hand on a fresh connection each, so that tests see exactly what
 * reaches the client (a reset is an IOException, never hidden by a retrying client).
 */
final class RawHttp {

  /** A response: status, lower-cased headers, body. */
  record Response(int status, Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    long pid() {
      return json().getLong("pid");
    }

    int worker() {
      return json().getInteger("worker");
    }
  }

  private RawHttp() {
  }

  /** GET path on a new connection with {@code Connection: close}; reads to end of stream. */
  static Response get(int port, String path, int readTimeoutMillis) throws IOException {
    return get(null, port, path, readTimeoutMillis);
  }

  /**
   * GET path on a new connection from a given local address (any 127.x address works on
   * loopback), so that tests can play many clients.
   */
  static Response get(String localAddress, int port, String path, int readTimeoutMillis)
      throws IOException {
    return request(localAddress, port, "GET", path, "", "", readTimeoutMillis);
  }

  /**
   * Any request on a new connection with {@code Connection: close}, from localAddress (null for
   * any), with extra header lines (each ending in CRLF) and a body; reads to end of stream.
   */
  static Response request(String localAddress, int port, String method, String path,
      String headerLines, String body, int readTimeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(readTimeoutMillis);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n" + (content.length > 0 || !"GET".equals(method)
          ? "Content-Length: " + content.length + "\r\n" : "") + headerLines + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }


  static Response get(int port, String path) throws IOException {
    return get(port, path, 20_000);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new IOException("no complete HTTP response head in " + raw.length + " bytes: '"
          + text + "'");
    }
    String[] head = text.substring(0, headEnd).split("\r\n");
    String[] statusLine = head[0].split(" ", 3);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          head[i].substring(colon + 1).trim());
    }
    String body = text.substring(headEnd + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(Integer.parseInt(statusLine[1]), headers, body);
  }

  private static String dechunk(String chunked) throws IOException {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        throw new IOException("truncated chunked body: '" + chunked + "'");
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}

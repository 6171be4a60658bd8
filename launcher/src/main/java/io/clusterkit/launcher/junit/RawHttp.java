package io.clusterkit.launcher.junit;

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
 * HTTP/1.1 requests written by hand over a plain socket to 127.0.0.1, a fresh connection each,
 * so that a test sees exactly what reaches a client: a reset is an {@link IOException}, never
 * hidden by a retrying client. {@link KeepAliveConnection} keeps one connection open instead.
 */
public final class RawHttp {

  /** The read timeout of the methods that take none. */
  public static final int DEFAULT_READ_TIMEOUT_MILLIS = 20_000;

  /**
   * A response.
   *
   * @param status the status code
   * @param headers the headers, names lower-cased
   * @param body the body, de-chunked
   */
  public record Response(int status, Map<String, String> headers, String body) {

    /** @return the body as a JSON object */
    public JsonObject json() {
      return new JsonObject(body);
    }

    /** @return the {@code pid} field of a JSON body, as ClusterKit's examples answer */
    public long pid() {
      return json().getLong("pid");
    }

    /** @return the {@code worker} field (the slot) of a JSON body */
    public int worker() {
      return json().getInteger("worker");
    }
  }

  private RawHttp() {
  }

  /**
   * GET path on a new connection with {@code Connection: close}, read to end of stream.
   *
   * @param port the port on 127.0.0.1
   * @param path the path and query
   * @return the response
   * @throws IOException when the connection fails, is reset, or the answer is no HTTP
   */
  public static Response get(int port, String path) throws IOException {
    return get(null, port, path, DEFAULT_READ_TIMEOUT_MILLIS);
  }

  /**
   * GET path on a new connection with {@code Connection: close}, read to end of stream.
   *
   * @param port the port on 127.0.0.1
   * @param path the path and query
   * @param readTimeoutMillis how long a read may block
   * @return the response
   * @throws IOException when the connection fails, is reset, or the answer is no HTTP
   */
  public static Response get(int port, String path, int readTimeoutMillis) throws IOException {
    return get(null, port, path, readTimeoutMillis);
  }

  /**
   * GET path on a new connection from a given local address (any 127.x.y.z works on loopback),
   * so that one test can play many clients.
   *
   * @param localAddress the client address to bind, or null for any
   * @param port the port on 127.0.0.1
   * @param path the path and query
   * @param readTimeoutMillis how long a read may block
   * @return the response
   * @throws IOException when the connection fails, is reset, or the answer is no HTTP
   */
  public static Response get(String localAddress, int port, String path, int readTimeoutMillis)
      throws IOException {
    return request(localAddress, port, "GET", path, "", "", readTimeoutMillis);
  }

  /**
   * Any request on a new connection with {@code Connection: close}; reads to end of stream.
   *
   * @param localAddress the client address to bind, or null for any
   * @param port the port on 127.0.0.1
   * @param method the method
   * @param path the path and query
   * @param headerLines extra header lines, each ending in CRLF
   * @param body the body (sent with a Content-Length unless empty on a GET)
   * @param readTimeoutMillis how long a read may block
   * @return the response
   * @throws IOException when the connection fails, is reset, or the answer is no HTTP
   */
  public static Response request(String localAddress, int port, String method, String path,
      String headerLines, String body, int readTimeoutMillis) throws IOException {
    return exchange(localAddress, "127.0.0.1", port, method, path, headerLines, body,
        readTimeoutMillis);
  }

  /**
   * A request on a new connection to another host's address (a test host in a network
   * namespace), with {@code Connection: close}, read to end of stream.
   *
   * @param host the server's address
   * @param port its port
   * @param method the method
   * @param path the path and query
   * @param body the body (sent with a Content-Length unless empty on a GET)
   * @param readTimeoutMillis how long a read may block
   * @return the response
   * @throws IOException when the connection fails, is reset, or the answer is no HTTP
   */
  public static Response requestTo(String host, int port, String method, String path,
      String body, int readTimeoutMillis) throws IOException {
    return exchange(null, host, port, method, path, "", body, readTimeoutMillis);
  }

  private static Response exchange(String localAddress, String host, int port, String method,
      String path, String headerLines, String body, int readTimeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(readTimeoutMillis);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
          + "\r\nConnection: close\r\n" + (content.length > 0 || !"GET".equals(method)
          ? "Content-Length: " + content.length + "\r\n" : "") + headerLines + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  /**
   * Parses a whole response: head, then a body that is either everything after the head or
   * chunked.
   *
   * @param raw the bytes read
   * @return the response
   * @throws IOException when there is no complete head
   */
  public static Response parse(byte[] raw) throws IOException {
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

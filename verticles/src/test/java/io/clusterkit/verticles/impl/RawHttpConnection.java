package io.clusterkit.verticles.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test client that writes HTTP/1.x by hand and parses responses byte by byte, so that tests see
 * exactly which headers the server sent and when it closed the connection. Responses must carry a
 * Content-Length. Thread-safe.
 */
final class RawHttpConnection {

  /** One parsed response; header names are lower case. */
  record Response(String statusLine, int status, Map<String, String> headers, String body) {

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Every connection not yet closed, held here: Vert.x closes a client that is garbage-collected,
   * and a test may keep an idle connection open without keeping a reference to it.
   */
  private static final Set<RawHttpConnection> OPEN = ConcurrentHashMap.newKeySet();

  private final NetClient client;
  private final NetSocket socket;
  private final Deque<Promise<Response>> waiting = new ArrayDeque<>();
  private final Promise<Long> closed = Promise.promise();
  private Buffer pending = Buffer.buffer();

  private RawHttpConnection(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(this::onData);
    socket.closeHandler(v -> onClosed());
  }

  /**
   * Opens a connection.
   *
   * @param vertx the Vert.x instance whose client connects
   * @param address where to connect, inet or Unix domain socket
   * @return a future completed with the open connection
   */
  static Future<RawHttpConnection> connect(Vertx vertx, SocketAddress address) {
    NetClient client = vertx.createNetClient();
    return client.connect(address).map(socket -> {
      RawHttpConnection connection = new RawHttpConnection(client, socket);
      OPEN.add(connection);
      if (connection.isClosed()) {
        OPEN.remove(connection);
      }
      return connection;
    });
  }

  /** @return a GET request for path, HTTP/1.1 keep-alive */
  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  /**
   * Writes raw bytes and expects one response for them.
   *
   * @param raw request bytes, as text
   * @return a future completed with the next response
   */
  Future<Response> send(String raw) {
    Future<Response> response = expectResponse();
    write(raw);
    return response;
  }

  /** @return a future completed with the next response not yet claimed */
  synchronized Future<Response> expectResponse() {
    Promise<Response> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  void write(String raw) {
    socket.write(Buffer.buffer(raw, "ISO-8859-1"));
  }

  /** @return a future completed with System.nanoTime() when the server closed the connection */
  Future<Long> closed() {
    return closed.future();
  }

  boolean isClosed() {
    return closed.future().isComplete();
  }

  Future<Void> close() {
    return socket.close().eventually(client::close);
  }

  private synchronized void onClosed() {
    long now = System.nanoTime();
    waiting.forEach(p -> p.tryFail("connection closed before a full response"));
    waiting.clear();
    closed.tryComplete(now);
    OPEN.remove(this);
  }

  private synchronized void onData(Buffer data) {
    pending.appendBuffer(data);
    while (!waiting.isEmpty()) {
      String text = pending.toString(StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        return;
      }
      String[] lines = text.substring(0, headEnd).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      int end = headEnd + 4 + length;
      if (text.length() < end) {
        return;
      }
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      waiting.poll().complete(new Response(lines[0], status, headers, text.substring(headEnd + 4, end)));
      pending = pending.getBuffer(end, pending.length());
    }
  }
}

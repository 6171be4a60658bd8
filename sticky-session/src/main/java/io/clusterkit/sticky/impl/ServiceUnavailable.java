package io.clusterkit.sticky.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.internal.ContextInternal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The router's own answer when no worker is READY in time: it reads (and discards) the request
 * head, writes {@code 503 Service Unavailable} with {@code Connection: close}, then ends the
 * connection gracefully (FIN, then discard until the client's FIN), never with a reset.
 */
final class ServiceUnavailable {

  /** The body of the 503. */
  static final String BODY = "No worker is ready to serve this request; try again shortly.\n";

  static final byte[] RESPONSE = ("HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Content-Length: " + BODY.length() + "\r\n"
      + "Connection: close\r\n"
      + "Retry-After: 1\r\n"
      + "\r\n"
      + BODY).getBytes(StandardCharsets.US_ASCII);

  /** The most of a request head read before answering anyway. */
  static final int MAX_HEAD = 16 * 1024;

  private final Endpoint client;
  private final ContextInternal context;
  private final Duration headTimeout;
  private final Duration linger;
  private final HeadScanner head = new HeadScanner();
  private long headTimer = -1;
  private boolean answered;

  /**
   * Prepares the answer for one client.
   *
   * @param client the client's socket, not reading yet
   * @param context the context it runs on
   * @param headTimeout how long to wait for the rest of the request head
   * @param linger how long to wait for the client's FIN after the answer
   */
  ServiceUnavailable(Endpoint client, ContextInternal context, Duration headTimeout,
      Duration linger) {
    this.client = client;
    this.context = context;
    this.headTimeout = headTimeout;
    this.linger = linger;
  }

  /** Reads the request head, then answers; call on the client's event loop. */
  void start() {
    if (client.closed()) {
      return;
    }
    client.handler(this::onData);
    client.endHandler(this::answer);
    headTimer = context.setTimer(Math.max(1, headTimeout.toMillis()), id -> {
      headTimer = -1;
      answer();
    });
    client.reading(true);
  }

  private void onData(ByteBuf buffer) {
    try {
      if (!answered && head.feed(buffer)) {
        answer();
      }
    } finally {
      buffer.release();
    }
  }

  private void answer() {
    if (answered) {
      return;
    }
    answered = true;
    if (headTimer >= 0) {
      context.owner().cancelTimer(headTimer);
    }
    client.write(Unpooled.wrappedBuffer(RESPONSE));
    Linger.close(client, context, linger);
  }

  /** Finds the end of an HTTP/1 head (an empty line) across buffers, or gives up at MAX_HEAD. */
  static final class HeadScanner {

    private int newlines;
    private int seen;

    /**
     * Scans more bytes.
     *
     * @param buffer the bytes; its reader index is not moved
     * @return whether the head has ended (or is too long to wait for)
     */
    boolean feed(ByteBuf buffer) {
      for (int i = buffer.readerIndex(); i < buffer.writerIndex(); i++) {
        byte b = buffer.getByte(i);
        seen++;
        if (b == '\n') {
          if (++newlines == 2) {
            return true;
          }
        } else if (b != '\r') {
          newlines = 0;
        }
      }
      return seen >= MAX_HEAD;
    }
  }
}

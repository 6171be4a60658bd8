package io.clusterkit.sticky.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The router's own answer when no worker is READY in time, whichever router and socket kind
 * serve the client: it reads (and discards) the request head, up to {@link #MAX_HEAD} bytes or
 * {@link ClientTimeouts#HEAD_TIMEOUT}, then writes {@code 503 Service Unavailable} with
 * {@code Connection: close} and {@code Retry-After}, once. The {@link Client} it writes to ends
 * the connection gracefully after it (FIN, then discard until the client's FIN), never with a
 * reset. The only writer of the 503: the forward router's {@code UnavailableAnswer} and the
 * hand-off router's {@code UnavailableHandler} only adapt their sockets to {@link Client}.
 * Confined to the client's event loop.
 */
public final class ServiceUnavailable {

  /** The body of the 503. */
  public static final String BODY =
      "No worker is ready to serve this request; try again shortly.\n";

  static final byte[] RESPONSE = ("HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\n"
      + "Content-Length: " + BODY.length() + "\r\n"
      + "Connection: close\r\n"
      + "Retry-After: 1\r\n"
      + "\r\n"
      + BODY).getBytes(StandardCharsets.US_ASCII);

  /** The most of a request head read before answering anyway. */
  public static final int MAX_HEAD = 16 * 1024;

  /** The client's socket, as the answer needs it; called on the client's event loop. */
  public interface Client {

    /**
     * Runs task once after a delay, on the client's event loop.
     *
     * @param delayMillis the delay, at least 1
     * @param task what to run
     * @return cancels the timer
     */
    Runnable schedule(long delayMillis, Runnable task);

    /**
     * Writes the answer, then ends the connection gracefully: FIN after the answer, then the
     * client's bytes are discarded until its FIN or the linger time.
     *
     * @param response the whole answer, owned by the write
     */
    void answerAndClose(ByteBuf response);
  }

  private final Client client;
  private final Duration headTimeout;
  private final HeadScanner head = new HeadScanner();
  private Runnable cancelTimer;
  private boolean answered;

  /**
   * Prepares the answer for one client.
   *
   * @param client the client's socket
   * @param headTimeout how long to wait for the rest of the request head
   */
  public ServiceUnavailable(Client client, Duration headTimeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.headTimeout = Objects.requireNonNull(headTimeout, "headTimeout");
  }

  /** Starts waiting for the request head: the answer goes out when it ends or times out. */
  public void start() {
    cancelTimer = client.schedule(Math.max(1, headTimeout.toMillis()), () -> {
      cancelTimer = null;
      answer();
    });
  }

  /**
   * Scans bytes the client sent; the caller keeps (and releases) the buffer.
   *
   * @param buffer bytes read; its reader index is not moved
   */
  public void read(ByteBuf buffer) {
    if (!answered && head.feed(buffer)) {
      answer();
    }
  }

  /** The client has sent FIN: it sends no more of its head, so the answer goes out now. */
  public void inputEnded() {
    answer();
  }

  /** @return whether the 503 has been written (or is being written) */
  public boolean answered() {
    return answered;
  }

  private void answer() {
    if (answered) {
      return;
    }
    answered = true;
    if (cancelTimer != null) {
      cancelTimer.run();
      cancelTimer = null;
    }
    client.answerAndClose(Unpooled.wrappedBuffer(RESPONSE));
  }
}

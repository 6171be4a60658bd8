package io.clusterkit.sticky.forward;

import io.clusterkit.sticky.net.ServiceUnavailable;
import io.netty.buffer.ByteBuf;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;

/**
 * The forward router's 503 for a client no worker took in time: {@link ServiceUnavailable}
 * writes it on the client's {@link Endpoint}, which then ends with {@link Linger}.
 */
final class UnavailableAnswer implements ServiceUnavailable.Client {

  private final Endpoint client;
  private final ContextInternal context;
  private final Duration linger;
  private final ServiceUnavailable answer;

  /**
   * Prepares the answer for one client.
   *
   * @param client the client's socket, not reading yet
   * @param context the context it runs on
   * @param headTimeout how long to wait for the rest of the request head
   * @param linger how long to wait for the client's FIN after the answer
   */
  UnavailableAnswer(Endpoint client, ContextInternal context, Duration headTimeout,
      Duration linger) {
    this.client = client;
    this.context = context;
    this.linger = linger;
    this.answer = new ServiceUnavailable(this, headTimeout);
  }

  /** Reads the request head, then answers; call on the client's event loop. */
  void start() {
    if (client.closed()) {
      return;
    }
    client.handler(this::onData);
    client.endHandler(answer::inputEnded);
    answer.start();
    client.reading(true);
  }

  private void onData(ByteBuf buffer) {
    try {
      answer.read(buffer);
    } finally {
      buffer.release();
    }
  }

  @Override
  public Runnable schedule(long delayMillis, Runnable task) {
    long timer = context.setTimer(delayMillis, id -> task.run());
    return () -> context.owner().cancelTimer(timer);
  }

  @Override
  public void answerAndClose(ByteBuf response) {
    client.write(response);
    Linger.close(client, context, linger);
  }
}

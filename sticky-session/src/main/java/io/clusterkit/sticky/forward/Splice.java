package io.clusterkit.sticky.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes both ways between a client and its worker until both are done, with backpressure
 * (a side stops reading while the other's write queue is full) and TCP close semantics:
 * <ul>
 *   <li>a FIN from one side is passed on as a FIN to the other, after every byte before it, and
 *       the other direction keeps flowing, so a client that half-closes after its request still
 *       gets the response;</li>
 *   <li>once both sides have sent FIN, both are closed;</li>
 *   <li>when the worker's socket closes, the client gets every byte already read from the
 *       worker, then FIN, and is closed once it has sent FIN too (or after the linger time), so
 *       unread client bytes never turn the close into a reset;</li>
 *   <li>when the client's socket closes (reset, or an error), the worker's is closed.</li>
 * </ul>
 */
final class Splice {

  private static final Logger log = LoggerFactory.getLogger(Splice.class);

  private final Endpoint client;
  private final Endpoint backend;
  private final ContextInternal context;
  private final Duration linger;
  private long toBackend;
  private long toClient;

  /**
   * Joins two connected sides; nothing moves before {@link #start()}.
   *
   * @param client the client's socket, not reading yet
   * @param backend the worker's socket
   * @param context the context both run on
   * @param linger how long a closing client may take to send its FIN
   */
  Splice(Endpoint client, Endpoint backend, ContextInternal context, Duration linger) {
    this.client = client;
    this.backend = backend;
    this.context = context;
    this.linger = linger;
  }

  /** Starts copying; call on the event loop both sockets run on. */
  void start() {
    client.handler(buffer -> {
      toBackend += buffer.readableBytes();
      forward(buffer, client, backend);
    });
    backend.handler(buffer -> {
      toClient += buffer.readableBytes();
      forward(buffer, backend, client);
    });
    client.drainHandler(v -> backend.reading(true));
    backend.drainHandler(v -> client.reading(true));
    client.endHandler(() -> {
      log.trace("{} - sent FIN, passing it to {}", client, backend);
      backend.shutdownOutput();
      if (backend.inputEnded()) {
        closeBoth();
      }
    });
    backend.endHandler(() -> {
      log.trace("{} - sent FIN, passing it to {}", backend, client);
      if (client.inputEnded()) {
        closeBoth();
      } else {
        client.shutdownOutput();
      }
    });
    client.closeHandler(backend::close);
    backend.closeHandler(() -> {
      log.debug("{} - closed after {} bytes in, {} bytes out; ending {}", backend, toBackend,
          toClient, client);
      Linger.close(client, context, linger);
    });
    if (client.closed()) {
      backend.close();
      return;
    }
    backend.reading(true);
    client.reading(true);
  }

  private void closeBoth() {
    backend.close();
    client.close();
  }

  /**
   * Writes a copy of buffer to the other side: Vert.x drops, without releasing, writes still
   * queued when a socket closes, so only unpooled heap buffers (like Vert.x's own pipes use) are
   * handed over.
   */
  private static void forward(ByteBuf buffer, Endpoint from, Endpoint to) {
    if (to.closed()) {
      buffer.release();
      return;
    }
    ByteBuf copy;
    try {
      copy = Unpooled.buffer(buffer.readableBytes());
      copy.writeBytes(buffer);
    } finally {
      buffer.release();
    }
    to.write(copy);
    if (to.writeQueueFull()) {
      from.reading(false);
    }
  }
}

package io.clusterkit.sticky.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a routed connection (the client's socket or the worker's) seen as a TCP stream
 * with both halves: raw buffers in, the peer's FIN as an event, reading switched on and off at
 * the channel (so the kernel, not the router, holds what is not read yet), a FIN sent after
 * every queued byte (see {@link Linger} for the graceful close). Confined to its event loop.
 */
final class Endpoint {

  private static final Logger log = LoggerFactory.getLogger(Endpoint.class);

  private final NetSocketInternal socket;
  private final Channel channel;
  private final String name;
  private final Runnable onClosed;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private Handler<ByteBuf> dataHandler = this::hold;
  private Runnable endHandler = () -> { };
  private Runnable closeHandler = () -> { };
  private boolean inputEnded;
  private boolean outputShut;
  private boolean closing;
  private boolean closed;

  /**
   * Takes over socket (allows half-closure, installs the handlers), on its event loop.
   *
   * @param socket a socket of the router's NetServer or NetClient
   * @param context the context socket runs on
   * @param name what log lines call it, e.g. {@code client 10.0.0.7:53120}
   * @param onClosed runs once the socket is closed, after the close handler (bookkeeping)
   */
  Endpoint(NetSocket socket, ContextInternal context, String name, Runnable onClosed) {
    this.socket = (NetSocketInternal) socket;
    this.channel = this.socket.channelHandlerContext().channel();
    this.name = name;
    this.onClosed = onClosed;
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    channel.pipeline().addBefore(this.socket.channelHandlerContext().name(),
        InputShutdownHandler.NAME,
        new InputShutdownHandler(() -> context.emit(v -> onInputEnded())));
    this.socket.messageHandler(message -> {
      if (message instanceof ByteBuf buffer) {
        dataHandler.handle(buffer);
      } else {
        ReferenceCountUtil.release(message);
      }
    });
    this.socket.exceptionHandler(e -> log.debug("{} - {}", name, e.toString()));
    this.socket.closeHandler(v -> onClosed());
  }

  /** @return the Netty channel, for its addresses */
  Channel channel() {
    return channel;
  }

  /**
   * @param handler takes (and owns) each buffer read; bytes read before it was set (the peer's
   *     FIN makes Netty read even with auto-read off) are held and handed to it first
   */
  void handler(Handler<ByteBuf> handler) {
    this.dataHandler = handler;
    while (!held.isEmpty() && dataHandler == handler) {
      handler.handle(held.poll());
    }
  }

  /** @param handler runs once when the peer has shut its output (sent FIN), after its data */
  void endHandler(Runnable handler) {
    this.endHandler = handler;
    if (inputEnded) {
      handler.run();
    }
  }

  /** @param handler runs once when the socket is closed, by either end */
  void closeHandler(Runnable handler) {
    this.closeHandler = handler;
  }

  /** @param handler runs when the write queue has room again after {@link #writeQueueFull} */
  void drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
  }

  /** @param on whether the channel reads from the kernel */
  void reading(boolean on) {
    if (!closed && !inputEnded) {
      channel.config().setAutoRead(on);
    }
  }

  /** @return a future completed once buffer (owned by the write from now on) is written */
  Future<Void> write(ByteBuf buffer) {
    return socket.writeMessage(buffer);
  }

  /** @return whether the write queue is over its high-water mark */
  boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** @return whether the peer has sent FIN */
  boolean inputEnded() {
    return inputEnded;
  }

  /** @return whether the socket is closed */
  boolean closed() {
    return closed;
  }

  /** Sends FIN once every queued byte is written; reading goes on. */
  void shutdownOutput() {
    if (outputShut || closed) {
      return;
    }
    outputShut = true;
    write(Unpooled.EMPTY_BUFFER).onComplete(ar -> {
      if (ar.succeeded() && channel instanceof DuplexChannel duplex && channel.isActive()) {
        duplex.shutdownOutput();
      }
    });
  }

  /** Closes the socket after every queued byte is written. */
  void close() {
    if (!closed) {
      socket.close();
    }
  }

  /** @return true the first time, false when closed or already closing: see {@link Linger} */
  boolean beginClosing() {
    if (closed || closing) {
      return false;
    }
    closing = true;
    return true;
  }

  /** @param hook runs once the socket is closed, before the close handler set last */
  void addCloseHook(Runnable hook) {
    Runnable owner = closeHandler;
    closeHandler = () -> {
      hook.run();
      owner.run();
    };
  }

  private void hold(ByteBuf buffer) {
    log.trace("{} - holding {} bytes read before a handler was set", name, buffer.readableBytes());
    held.add(buffer);
  }

  private void onClosed() {
    closed = true;
    held.forEach(ReferenceCountUtil::release);
    held.clear();
    try {
      closeHandler.run();
    } finally {
      onClosed.run();
    }
  }

  private void onInputEnded() {
    if (!inputEnded && !closed) {
      inputEnded = true;
      endHandler.run();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

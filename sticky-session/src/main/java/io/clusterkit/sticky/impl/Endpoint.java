package io.clusterkit.sticky.impl;

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
import java.time.Duration;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of a routed connection (the client's socket or the worker's) seen as a TCP stream
 * with both halves: raw buffers in, the peer's FIN as an event, reading switched on and off at
 * the channel (so the kernel, not the router, holds what is not read yet), a FIN sent after
 * every queued byte, and a graceful close. Confined to its event loop.
 */
final class Endpoint {

  private static final Logger log = LoggerFactory.getLogger(Endpoint.class);

  private final NetSocketInternal socket;
  private final Channel channel;
  private final ContextInternal context;
  private final String name;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private Handler<ByteBuf> dataHandler = this::hold;
  private Runnable endHandler = () -> { };
  private Runnable closeHandler = () -> { };
  private final Runnable onClosed;
  private boolean inputEnded;
  private boolean outputShut;
  private boolean closed;

  /**
   * Takes over socket: allows half-closure and installs the handlers. Call on its event loop
   * before it reads anything.
   *
   * @param socket a socket of the router's NetServer or NetClient
   * @param context the context socket runs on
   * @param name what log lines call it, e.g. {@code client 10.0.0.7:53120}
   * @param onClosed runs once the socket is closed, after the close handler (bookkeeping)
   */
  Endpoint(NetSocket socket, ContextInternal context, String name, Runnable onClosed) {
    this.socket = (NetSocketInternal) socket;
    this.channel = this.socket.channelHandlerContext().channel();
    this.context = context;
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
    this.socket.closeHandler(v -> {
      closed = true;
      held.forEach(ReferenceCountUtil::release);
      held.clear();
      try {
        closeHandler.run();
      } finally {
        onClosed.run();
      }
    });
  }

  /** @return the underlying socket */
  NetSocketInternal socket() {
    return socket;
  }

  /** @return the Netty channel, for its addresses */
  Channel channel() {
    return channel;
  }

  /** @return what log lines call this side */
  String name() {
    return name;
  }

  /**
   * Sets what takes the bytes read; bytes read before any handler was set (a read already under
   * way when reading was switched off) are held and handed to it first.
   *
   * @param handler takes each buffer read, and owns (releases or writes on) it
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

  /**
   * Queues buffer for writing.
   *
   * @param buffer the bytes; owned by the write from now on
   * @return a future completed once written to the kernel
   */
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

  /**
   * Ends the socket without a reset: sends FIN after every queued byte, then reads and discards
   * whatever the peer still sends until its FIN (or linger), and only then closes, so the kernel
   * never has unread bytes that would turn the close into an RST.
   *
   * @param linger how long to wait for the peer's FIN before closing anyway
   */
  void closeGracefully(Duration linger) {
    if (closed) {
      return;
    }
    shutdownOutput();
    if (inputEnded) {
      close();
      return;
    }
    handler(ReferenceCountUtil::release);
    long timer = context.setTimer(Math.max(1, linger.toMillis()), id -> {
      log.debug("{} - no FIN within {} ms, closing", name, linger.toMillis());
      close();
    });
    Runnable owner = closeHandler;
    closeHandler(() -> {
      context.owner().cancelTimer(timer);
      owner.run();
    });
    endHandler(this::close);
    reading(true);
  }

  private void hold(ByteBuf buffer) {
    log.trace("{} - holding {} bytes read before a handler was set", name,
        buffer.readableBytes());
    held.add(buffer);
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

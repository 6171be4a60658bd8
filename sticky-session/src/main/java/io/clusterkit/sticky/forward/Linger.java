package io.clusterkit.sticky.forward;

import io.netty.util.ReferenceCountUtil;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;

/**
 * Ends a client's socket without a reset, as lingering HTTP servers do: FIN after every queued
 * byte, then read and discard whatever the client still sends until its own FIN, and only then
 * close. Closing with unread bytes in the kernel would send an RST instead of a FIN, and an RST
 * can make the client drop an answer it has not read yet.
 */
final class Linger {

  private Linger() {
  }

  /**
   * Starts the graceful end of side; a second call does nothing.
   *
   * @param side the socket to end
   * @param context the context it runs on, for the timer
   * @param linger how long to wait for the peer's FIN before closing anyway
   */
  static void close(Endpoint side, ContextInternal context, Duration linger) {
    if (!side.beginClosing()) {
      return;
    }
    side.shutdownOutput();
    if (side.inputEnded()) {
      side.close();
      return;
    }
    side.handler(ReferenceCountUtil::release);
    long timer = context.setTimer(Math.max(1, linger.toMillis()), id -> side.close());
    side.addCloseHook(() -> context.owner().cancelTimer(timer));
    side.endHandler(side::close);
    side.reading(true);
  }
}

package io.clusterkit.sticky.net;

import io.clusterkit.sticky.RouterOptions;
import io.vertx.core.VertxException;
import java.net.BindException;

/** What a router says when it cannot bind the public port: one line naming the port. */
public final class ListenFailure {

  private ListenFailure() {
  }

  /**
   * Names a failed bind of the public port.
   *
   * @param options the port and host the router tried
   * @param cause why the bind failed
   * @return a {@link BindException} "port P on H is already in use" when the port is taken,
   *     else a {@link VertxException} "cannot listen on port P on H: ..."
   */
  public static Throwable of(RouterOptions options, Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    String where = "port " + options.getPort() + " on " + options.getHost();
    if (cause instanceof BindException || message.contains("Address already in use")) {
      BindException inUse = new BindException(where + " is already in use");
      inUse.initCause(cause);
      return inUse;
    }
    return new VertxException("cannot listen on " + where + ": " + message, cause);
  }
}

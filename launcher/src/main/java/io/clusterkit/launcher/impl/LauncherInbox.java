package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.WorkerMessage;
import io.clusterkit.verticles.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's end of {@code sendToLauncher} and {@code requestLauncher}: each message becomes
 * a {@link WorkerMessage} for the program's handlers, on the supervisor's context. A plain send
 * is acknowledged once the handlers have seen it; a request is answered by a handler, or failed
 * at once when the program registered none.
 */
final class LauncherInbox {

  private static final Logger log = LoggerFactory.getLogger(LauncherInbox.class);

  private final Vertx vertx;
  private final Context context;
  private final ClusterEvents events;

  LauncherInbox(Vertx vertx, Context context, ClusterEvents events) {
    this.vertx = vertx;
    this.context = context;
    this.events = events;
  }

  /** @return a future completed once the inbox is registered */
  Future<Void> listen() {
    return vertx.eventBus().consumer(Addresses.local(Addresses.LAUNCHER_INBOX), this::received).completion();
  }

  private void received(Message<Object> message) {
    int slot;
    int gen;
    try {
      slot = Integer.parseInt(message.headers().get(Addresses.FROM_HEADER));
      gen = Integer.parseInt(message.headers().get(Addresses.GEN_HEADER));
    } catch (RuntimeException e) {
      message.fail(ReplyFailure.RECIPIENT_FAILURE.toInt(), "no sender headers");
      return;
    }
    boolean expectsReply = message.headers().contains(Addresses.REPLY_HEADER);
    context.runOnContext(v -> {
      if (expectsReply && !events.hasMessageHandlers()) {
        message.fail(ReplyFailure.NO_HANDLERS.toInt(),
            "the launcher has no message handler (Cluster.onMessage) to answer slot " + slot);
        return;
      }
      if (!events.hasMessageHandlers()) {
        log.debug("slot {} gen {} - message with no handler: {}", slot, gen, message.body());
      }
      events.message(new WorkerMessage(slot, gen, message.body(),
          expectsReply ? message::reply : null));
      if (!expectsReply) {
        message.reply(null);
      }
    });
  }
}

package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.WorkerExit;
import io.clusterkit.launcher.WorkerInfo;
import io.clusterkit.launcher.WorkerMessage;
import io.vertx.core.Handler;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers a program registered on its {@code Cluster} for worker events (fork, online, exit,
 * message), and their calling: in registration order, each in isolation, so that a handler that
 * throws is logged and neither the other handlers nor the launcher notice. Handlers may be added
 * at any time, before the start included.
 */
public final class ClusterEvents {

  private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

  private final List<Handler<WorkerInfo>> forks = new CopyOnWriteArrayList<>();
  private final List<Handler<WorkerInfo>> onlines = new CopyOnWriteArrayList<>();
  private final List<Handler<WorkerExit>> exits = new CopyOnWriteArrayList<>();
  private final List<Handler<WorkerMessage>> messages = new CopyOnWriteArrayList<>();

  /** @param handler called when a worker process has been spawned */
  public void addFork(Handler<WorkerInfo> handler) {
    forks.add(Objects.requireNonNull(handler, "handler"));
  }

  /** @param handler called when a worker has become READY */
  public void addOnline(Handler<WorkerInfo> handler) {
    onlines.add(Objects.requireNonNull(handler, "handler"));
  }

  /** @param handler called when a worker process has ended */
  public void addExit(Handler<WorkerExit> handler) {
    exits.add(Objects.requireNonNull(handler, "handler"));
  }

  /** @param handler called for each message a worker sends to the launcher */
  public void addMessage(Handler<WorkerMessage> handler) {
    messages.add(Objects.requireNonNull(handler, "handler"));
  }

  /** @return whether any message handler is registered */
  public boolean hasMessageHandlers() {
    return !messages.isEmpty();
  }

  void fork(WorkerInfo info) {
    fire(forks, info, "fork");
  }

  void online(WorkerInfo info) {
    fire(onlines, info, "online");
  }

  void exit(WorkerExit exit) {
    fire(exits, exit, "exit");
  }

  void message(WorkerMessage message) {
    fire(messages, message, "message");
  }

  private static <T> void fire(List<Handler<T>> handlers, T event, String name) {
    for (Handler<T> handler : handlers) {
      try {
        handler.handle(event);
      } catch (Throwable e) {
        log.error("a {} handler threw on {}; the launcher carries on", name, event, e);
      }
    }
  }
}

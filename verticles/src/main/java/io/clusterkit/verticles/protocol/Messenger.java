package io.clusterkit.verticles.protocol;

import io.clusterkit.state.PortableValues;
import io.clusterkit.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Messages between the launcher and workers, on either side: the slot-table rule (a slot with no
 * READY process fails at once, with no event-bus send), the per-generation addresses, the sender
 * headers and the body check. In a cluster of several hosts, a message may name another host:
 * its slot table then comes from {@link HostTables}. A worker has one, the launcher has one (sender slot
 * {@link Addresses#LAUNCHER}); thread-safe, since several verticle instances share a worker's.
 */
public final class Messenger {

  private final Vertx vertx;
  private final int slot;
  private final int gen;
  private final boolean standalone;
  private final AtomicReference<SlotTable> table;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private volatile HostTables hosts;

  private record Pending(String host, int slot, int gen, Promise<?> promise) {
  }

  /**
   * Creates the messenger of a ClusterKit process, knowing no slot table yet.
   *
   * @param vertx the clustered Vert.x of the process
   * @param slot the process's slot, or {@link Addresses#LAUNCHER}
   * @param gen the generation of the process within its slot, 0 for the launcher
   */
  public Messenger(Vertx vertx, int slot, int gen) {
    this(vertx, slot, gen, SlotTable.UNKNOWN, false);
  }

  private Messenger(Vertx vertx, int slot, int gen, SlotTable table, boolean standalone) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.slot = slot;
    this.gen = gen;
    this.table = new AtomicReference<>(table);
    this.standalone = standalone;
  }

  /**
   * The messenger of a verticle running outside a ClusterKit worker: it is slot 0 of a one-slot
   * table, so sends to slot 0 reach its own message handlers and broadcasts reach every handler on
   * that Vert.x; other slots fail at once, and there is no launcher.
   *
   * @param vertx the plain Vert.x
   * @return a messenger with a fixed table
   */
  public static Messenger standalone(Vertx vertx) {
    return new Messenger(vertx, 0, 1,
        new SlotTable(0, List.of(new SlotTable.Entry("READY", 1))), true);
  }

  /** @return the newest slot table seen */
  public SlotTable table() {
    return table.get();
  }

  /**
   * Keeps table if it is newer than the one held (older or repeated ones are ignored), and fails
   * at once every pending request to a process the new table no longer calls READY.
   *
   * @param newer a table from the launcher
   * @return true when it replaced the one held
   */
  public boolean update(SlotTable newer) {
    Objects.requireNonNull(newer, "newer");
    SlotTable held;
    do {
      held = table.get();
      if (!newer.newerThan(held)) {
        return false;
      }
    } while (!table.compareAndSet(held, newer));
    pending.forEach((id, p) -> {
      if (p.host() == null && newer.readyGen(p.slot()) != p.gen()) {
        p.promise().tryFail(new ReplyException(ReplyFailure.NO_HANDLERS, "slot " + p.slot()
            + " gen " + p.gen() + " is no longer READY (slots: " + newer.describe() + ")"));
      }
    });
    return true;
  }

  /**
   * Sends body to the READY process of a slot, without waiting for an answer.
   *
   * @param to the slot, 0 or more
   * @param body a portable value
   * @return a future completed once handed to the event bus, or failed at once with a
   *     {@link ReplyException} ({@code NO_HANDLERS}) when the slot has no READY process
   */
  public Future<Void> send(int to, Object body) {
    Object checked = checked(to, body);
    int readyGen = table.get().readyGen(to);
    if (readyGen == 0) {
      return noReadyWorker(to);
    }
    vertx.eventBus().send(Addresses.worker(to, readyGen), checked, delivery());
    return Future.succeededFuture();
  }

  /**
   * Sends body to the READY process of a slot and awaits its reply.
   *
   * @param to the slot, 0 or more
   * @param body a portable value
   * @param timeout how long to wait for the reply, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply, or failed with a {@link ReplyException}: at once
   *     when the slot has no READY process or loses it while waiting, after timeout otherwise
   */
  public <T> Future<Message<T>> request(int to, Object body, Duration timeout) {
    Object checked = checked(to, body);
    long millis = timeoutMillis(timeout);
    int readyGen = table.get().readyGen(to);
    if (readyGen == 0) {
      return noReadyWorker(to);
    }
    Promise<Message<T>> promise = promise();
    long id = ids.incrementAndGet();
    pending.put(id, new Pending(null, to, readyGen, promise));
    if (table.get().readyGen(to) != readyGen) { // a table arrived between the check and the put
      pending.remove(id);
      return request(to, body, timeout);
    }
    vertx.eventBus().<T>request(Addresses.worker(to, readyGen), checked,
        delivery().setSendTimeout(millis)).onComplete(promise::tryComplete, promise::tryFail);
    return promise.future().onComplete(ar -> pending.remove(id));
  }

  // ---- several hosts ----

  /**
   * Lets this messenger reach the workers of other hosts (a cluster of several hosts); without
   * it, a message naming another host fails at once.
   *
   * @param tables what this process knows of every host, listening already
   */
  public void useHosts(HostTables tables) {
    this.hosts = Objects.requireNonNull(tables, "tables");
    tables.onChange(this::hostChanged);
  }

  /** @return what this process knows of every host, or null for a launcher on its own */
  public HostTables hosts() {
    return hosts;
  }

  /**
   * Sends body to the READY process of a slot of a host, without waiting for an answer.
   *
   * @param host a launcher's name; this process's own host means {@link #send(int, Object)}
   * @param to the slot, 0 or more
   * @param body a portable value
   * @return a future completed once handed to the event bus, or failed with a
   *     {@link ReplyException} ({@code NO_HANDLERS}) when there is no such host or the slot has no
   *     READY process in the host's newest slot table
   */
  public Future<Void> send(String host, int to, Object body) {
    Objects.requireNonNull(host, "host");
    if (host.equals(Addresses.host())) {
      return send(to, body);
    }
    Object checked = checked(to, body);
    return remoteTable(host).compose(remote -> {
      int readyGen = remote.readyGen(to);
      if (readyGen == 0) {
        return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS,
            remote.noReadyWorker(to) + " of host '" + host + "'"));
      }
      vertx.eventBus().send(Addresses.worker(host, to, readyGen), checked, delivery());
      return Future.succeededFuture();
    });
  }

  /**
   * Sends body to the READY process of a slot of a host and awaits its reply.
   *
   * @param host a launcher's name; this process's own host means {@link #request(int, Object,
   *     Duration)}
   * @param to the slot, 0 or more
   * @param body a portable value
   * @param timeout how long to wait for the reply, at least 1 ms
   * @param <T> the reply's type
   * @return a future completed with the reply, or failed with a {@link ReplyException}: at once
   *     when the host or a READY process of the slot is unknown, as soon as the host's newer table
   *     shows the process gone, after timeout otherwise
   */
  public <T> Future<Message<T>> request(String host, int to, Object body, Duration timeout) {
    Objects.requireNonNull(host, "host");
    if (host.equals(Addresses.host())) {
      return request(to, body, timeout);
    }
    Object checked = checked(to, body);
    long millis = timeoutMillis(timeout);
    return remoteTable(host).compose(remote -> {
      int readyGen = remote.readyGen(to);
      if (readyGen == 0) {
        return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS,
            remote.noReadyWorker(to) + " of host '" + host + "'"));
      }
      Promise<Message<T>> promise = promise();
      long id = ids.incrementAndGet();
      pending.put(id, new Pending(host, to, readyGen, promise));
      vertx.eventBus().<T>request(Addresses.worker(host, to, readyGen), checked,
          delivery().setSendTimeout(millis)).onComplete(promise::tryComplete, promise::tryFail);
      return promise.future().onComplete(ar -> pending.remove(id));
    });
  }

  /**
   * Reads the host of a message's sender.
   *
   * @param message a message sent through a messenger
   * @return the sender's launcher name, or "" when its launcher runs on its own
   */
  public static String senderHostOf(Message<?> message) {
    String host = Objects.requireNonNull(message, "message").headers().get(Addresses.HOST_HEADER);
    return host == null ? "" : host;
  }

  private Future<SlotTable> remoteTable(String host) {
    HostTables tables = hosts;
    if (tables == null) {
      return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS, "no host '" + host
          + "': this launcher runs on its own (no -cluster-name)"));
    }
    return tables.table(host);
  }

  private void hostChanged(String host) {
    SlotTable newer = hosts.held(host);
    pending.forEach((id, p) -> {
      if (host.equals(p.host()) && (newer == null || newer.readyGen(p.slot()) != p.gen())) {
        p.promise().tryFail(new ReplyException(ReplyFailure.NO_HANDLERS, "slot " + p.slot()
            + " gen " + p.gen() + " of host '" + host + "' is no longer READY ("
            + (newer == null ? "the host left the cluster" : "slots: " + newer.describe())
            + ")"));
      }
    });
  }
  // ---- end of several hosts ----

  /**
   * Publishes body to every worker's message handlers (this worker's included).
   *
   * @param body a portable value
   * @return a future completed once handed to the event bus
   */
  public Future<Void> broadcast(Object body) {
    vertx.eventBus().publish(Addresses.WORKERS, PortableValues.check(body, "body"), delivery());
    return Future.succeededFuture();
  }

  /**
   * Sends body to the launcher's inbox.
   *
   * @param body a portable value
   * @param expectReply true when the launcher's handler is expected to answer
   * @param timeout how long to wait for the acknowledgement or answer, at least 1 ms
   * @param <T> the answer's type
   * @return a future completed with the launcher's acknowledgement or answer
   */
  public <T> Future<Message<T>> toLauncher(Object body, boolean expectReply, Duration timeout) {
    Object checked = PortableValues.check(body, "body");
    long millis = timeoutMillis(timeout);
    if (standalone) {
      return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS,
          "no launcher: this verticle runs standalone, outside a ClusterKit worker"));
    }
    DeliveryOptions options = delivery().setSendTimeout(millis);
    if (expectReply) {
      options.addHeader(Addresses.REPLY_HEADER, "true");
    }
    return vertx.eventBus().request(Addresses.local(Addresses.LAUNCHER_INBOX), checked, options);
  }

  /**
   * Registers handler for the messages sent to this process and for broadcasts, on the calling
   * context (so they go away with the verticle that registered them).
   *
   * @param handler called for each message
   * @param <T> the body type expected
   * @return a future completed once both registrations are known to the cluster
   */
  public <T> Future<Void> listen(Handler<Message<T>> handler) {
    Objects.requireNonNull(handler, "handler");
    List<MessageConsumer<T>> consumers = consumers();
    consumers.forEach(consumer -> consumer.handler(handler));
    return Future.all(consumers.get(0).completion(), consumers.get(1).completion()).mapEmpty();
  }

  /**
   * Creates, on the calling context, the two consumers a listener of this process needs: one for
   * the messages sent to this process, one for broadcasts. Neither is registered until it is
   * given a handler; {@link MessageConsumer#completion()} then tells when the cluster knows it.
   *
   * @param <T> the body type expected
   * @return the consumer of this process's own address, then the broadcast consumer
   */
  public <T> List<MessageConsumer<T>> consumers() {
    if (slot < 0) {
      throw new IllegalStateException("the launcher does not listen on worker addresses");
    }
    return List.of(vertx.eventBus().consumer(Addresses.worker(slot, gen)),
        vertx.eventBus().consumer(Addresses.WORKERS));
  }

  /**
   * Reads the sender of a message.
   *
   * @param message a message sent through a messenger
   * @return the sender's slot, {@link Addresses#LAUNCHER} for the launcher
   * @throws IllegalArgumentException when the message carries no ClusterKit sender header
   */
  public static int senderOf(Message<?> message) {
    String from = Objects.requireNonNull(message, "message").headers().get(Addresses.FROM_HEADER);
    if (from == null) {
      throw new IllegalArgumentException("message to " + message.address()
          + " has no " + Addresses.FROM_HEADER + " header: not sent by ClusterKit messaging");
    }
    return Integer.parseInt(from);
  }

  private DeliveryOptions delivery() {
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(Addresses.FROM_HEADER, Integer.toString(slot))
        .addHeader(Addresses.GEN_HEADER, Integer.toString(gen));
    if (!Addresses.host().isEmpty()) {
      options.addHeader(Addresses.HOST_HEADER, Addresses.host());
    }
    return options;
  }

  private <T> Promise<T> promise() {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    return context.promise();
  }

  private <T> Future<T> noReadyWorker(int to) {
    return Future.failedFuture(new ReplyException(ReplyFailure.NO_HANDLERS,
        table.get().noReadyWorker(to)));
  }

  private static Object checked(int to, Object body) {
    if (to < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + to);
    }
    return PortableValues.check(body, "body");
  }

  private static long timeoutMillis(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, was " + timeout);
    }
    return timeout.toMillis();
  }
}

package io.clusterkit.sticky;

import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The slots the router may send new connections to: slot to (generation, backend address, open
 * connection count). The supervisor calls {@link #route} when a worker becomes READY and
 * {@link #unroute} before it drains or when it exits; the router reads it from its event loops.
 * Every method is thread-safe and none blocks.
 */
public final class RoutingTable {

  private final Map<Integer, Entry> entries = new ConcurrentHashMap<>();
  private final List<IntConsumer> routableListeners = new CopyOnWriteArrayList<>();

  /** Creates an empty table: no slot is routable. */
  public RoutingTable() {
  }

  /**
   * Makes slot routable to the worker process gen listening at backend, replacing any other
   * generation of that slot, then tells every routable listener.
   *
   * @param slot the worker slot, {@code >= 0}
   * @param gen the process generation within the slot, {@code >= 0}
   * @param backend where that worker accepts connections
   */
  public void route(int slot, int gen, SocketAddress backend) {
    checkSlot(slot, gen);
    Objects.requireNonNull(backend, "backend");
    entries.compute(slot, (key, old) -> old != null && old.gen == gen && old.backend.equals(backend)
        ? old : new Entry(gen, backend, old != null && old.gen == gen ? old.connections
            : new AtomicInteger()));
    for (IntConsumer listener : routableListeners) {
      listener.accept(slot);
    }
  }

  /**
   * Stops new connections going to slot, if gen is the generation routed there; a late call for
   * an older generation leaves its replacement alone. Open connections are not touched.
   *
   * @param slot the worker slot
   * @param gen the process generation that stops being routable
   * @return whether the slot was routed to gen and no longer is
   */
  public boolean unroute(int slot, int gen) {
    checkSlot(slot, gen);
    boolean[] removed = new boolean[1];
    entries.computeIfPresent(slot, (key, old) -> {
      removed[0] = old.gen == gen;
      return removed[0] ? null : old;
    });
    return removed[0];
  }

  /** @return the routable slots with their open connections, in slot order; a snapshot */
  public List<SlotLoad> ready() {
    List<SlotLoad> ready = new ArrayList<>(entries.size());
    entries.forEach((slot, entry) ->
        ready.add(new SlotLoad(slot, Math.max(0, entry.connections.get()))));
    ready.sort(Comparator.comparingInt(SlotLoad::slot));
    return ready;
  }

  /**
   * Looks up where slot is routed.
   *
   * @param slot the worker slot
   * @return the backend address of slot, or empty when it is not routable
   */
  public Optional<SocketAddress> backend(int slot) {
    Entry entry = entries.get(slot);
    return entry == null ? Optional.empty() : Optional.of(entry.backend);
  }

  /**
   * Counts one more connection on slot's current route and returns that route.
   *
   * @param slot the worker slot
   * @return the route the connection was counted in, or empty when slot is not routable
   */
  public Optional<SlotRoute> acquire(int slot) {
    Entry entry = entries.get(slot);
    if (entry == null) {
      return Optional.empty();
    }
    entry.connections.incrementAndGet();
    return Optional.of(new SlotRoute(slot, entry.gen, entry.backend, entry.connections));
  }

  /**
   * Counts a connection out of the route it was acquired on; repeated calls count once. A route
   * that has since been replaced keeps the replacement's count intact.
   *
   * @param route what {@link #acquire} returned
   */
  public void release(SlotRoute route) {
    Objects.requireNonNull(route, "route").release();
  }

  /**
   * Adds a listener told the slot number each time a slot becomes routable. It runs on the
   * thread that called {@link #route}, so it must only hand the news over (to an event loop).
   *
   * @param listener the listener
   */
  public void addRoutableListener(IntConsumer listener) {
    routableListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener added with {@link #addRoutableListener}.
   *
   * @param listener the listener
   */
  public void removeRoutableListener(IntConsumer listener) {
    routableListeners.remove(listener);
  }

  /** @return the routable slots for log lines, e.g. {@code 0=gen 3 at /run/w0-3.sock (2 open)} */
  @Override
  public String toString() {
    List<String> slots = new ArrayList<>();
    for (SlotLoad load : ready()) {
      Entry entry = entries.get(load.slot());
      if (entry != null) {
        slots.add(load.slot() + "=gen " + entry.gen + " at " + entry.backend + " ("
            + load.connections() + " open)");
      }
    }
    return slots.isEmpty() ? "no routable slot" : String.join(", ", slots);
  }

  private static void checkSlot(int slot, int gen) {
    if (slot < 0) {
      throw new IllegalArgumentException("slot must be >= 0, was " + slot);
    }
    if (gen < 0) {
      throw new IllegalArgumentException("gen must be >= 0, was " + gen);
    }
  }

  private record Entry(int gen, SocketAddress backend, AtomicInteger connections) {
  }
}

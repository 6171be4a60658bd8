package io.clusterkit.sticky;

import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's claim on a routed slot, from {@link RoutingTable#acquire(int)}: which worker
 * process (slot and generation) to connect to and where. Give it back exactly once with
 * {@link RoutingTable#release(SlotRoute)} when the connection ends or its connect fails.
 */
public final class SlotRoute {

  private final int slot;
  private final int gen;
  private final SocketAddress backend;
  private final AtomicInteger connections;
  private final AtomicInteger released = new AtomicInteger();

  SlotRoute(int slot, int gen, SocketAddress backend, AtomicInteger connections) {
    this.slot = slot;
    this.gen = gen;
    this.backend = backend;
    this.connections = connections;
  }

  /** @return the worker slot */
  public int slot() {
    return slot;
  }

  /** @return the generation of the worker process within its slot */
  public int gen() {
    return gen;
  }

  /** @return where the worker accepts connections: a Unix domain socket or an inet address */
  public SocketAddress backend() {
    return backend;
  }

  /** Counts the connection out of the route it was counted in, once. */
  void release() {
    if (released.compareAndSet(0, 1)) {
      connections.decrementAndGet();
    }
  }

  @Override
  public String toString() {
    return "slot " + slot + " gen " + gen + " (" + backend + ")";
  }
}

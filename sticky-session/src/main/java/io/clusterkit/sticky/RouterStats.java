package io.clusterkit.sticky;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link ConnectionRouter} did with the connections of the public port, counted since it
 * started: accepted, given to each slot's worker, made to wait for a READY worker, answered 503,
 * and closed for a bad PROXY header. Counting costs an uncontended add per event; read from any
 * thread.
 */
public final class RouterStats {

  private final LongAdder accepted = new LongAdder();
  private final LongAdder queued = new LongAdder();
  private final LongAdder unavailable = new LongAdder();
  private final LongAdder proxyHeaderErrors = new LongAdder();
  private final Map<Integer, LongAdder> routed = new ConcurrentHashMap<>();

  /** Counts a connection the public port accepted. */
  public void countAccepted() {
    accepted.increment();
  }

  /**
   * Counts a connection given to a slot's worker (handed off, or forwarded to).
   *
   * @param slot the slot
   */
  public void countRouted(int slot) {
    routed.computeIfAbsent(slot, s -> new LongAdder()).increment();
  }

  /** Counts a connection that had to wait because no worker could take it. */
  public void countQueued() {
    queued.increment();
  }

  /** Counts a connection answered 503 because no worker became READY in time. */
  public void countUnavailable() {
    unavailable.increment();
  }

  /** Counts a connection closed for a missing, malformed or late PROXY header. */
  public void countProxyHeaderError() {
    proxyHeaderErrors.increment();
  }

  /** @return connections accepted */
  public long accepted() {
    return accepted.sum();
  }

  /** @return connections given to a worker, by slot, in slot order */
  public Map<Integer, Long> routed() {
    Map<Integer, Long> bySlot = new TreeMap<>();
    routed.forEach((slot, count) -> bySlot.put(slot, count.sum()));
    return bySlot;
  }

  /** @return connections that waited for a READY worker */
  public long queued() {
    return queued.sum();
  }

  /** @return connections answered 503 */
  public long unavailable() {
    return unavailable.sum();
  }

  /** @return connections closed for their PROXY header */
  public long proxyHeaderErrors() {
    return proxyHeaderErrors.sum();
  }
}

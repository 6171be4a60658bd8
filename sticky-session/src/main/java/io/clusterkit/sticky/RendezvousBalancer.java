package io.clusterkit.sticky;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Pins each client to a worker slot by its IP address with rendezvous (highest random weight)
 * hashing: every slot gets a weight for the client, and the READY slot with the highest weight
 * serves it. A slot's weight depends on the slot number alone, never on the process serving it,
 * so a replacement inherits its slot's clients; while a slot is not READY, only its clients move
 * (each to its own second choice) and they come back when it returns; going from N to N+1 slots
 * moves about 1/(N+1) of the clients, all to the new slot.
 *
 * <p>The weight of slot {@code s} for a client is the first 64-bit half ({@code h1}) of
 * MurmurHash3 x64 128, as Apache Commons Codec's {@code MurmurHash3.hash128x64} and the reference
 * C++ {@code MurmurHash3_x64_128} compute it, keyed by the seed (an unsigned 32-bit number), over
 * the bytes of {@code s} (4 bytes, big-endian) followed by the client address: 4 bytes for IPv4
 * and for IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), 16 bytes for any other IPv6 address. Weights
 * compare as unsigned numbers; equal weights go to the lower slot. Every launcher of a cluster, on
 * any host and JVM, computes the same weights as long as it uses the same seed.
 *
 * <p>Stateless, so thread-safe. Per call it allocates one key of at most 20 bytes, and the
 * hash's two-long result per READY slot; {@link #ranking} adds two arrays and the list.
 */
public final class RendezvousBalancer implements Balancer {

  /**
   * The seed every launcher uses unless told otherwise: {@code 0x436b3031}, the ASCII bytes of
   * {@code "Ck01"}. Changing it re-pins every client, so all launchers of a cluster must agree.
   */
  public static final int DEFAULT_SEED = 0x436b3031;

  private static final int SLOT_BYTES = Integer.BYTES;

  private final int seed;

  /** Creates a balancer with {@link #DEFAULT_SEED}. */
  public RendezvousBalancer() {
    this(DEFAULT_SEED);
  }

  /**
   * Creates a balancer with its own seed; every launcher of one cluster must use the same one.
   *
   * @param seed the MurmurHash3 seed, read as an unsigned 32-bit number
   */
  public RendezvousBalancer(int seed) {
    this.seed = seed;
  }

  /** @return the seed the weights are keyed with */
  public int seed() {
    return seed;
  }

  /**
   * Picks the READY slot with the highest weight for clientAddress.
   *
   * @param clientAddress the client's raw IP bytes (4 or 16); never modified
   * @param ready the READY slots, never empty
   * @return the slot of ready that ranks first for this client
   */
  @Override
  public int pick(byte[] clientAddress, List<SlotLoad> ready) {
    byte[] key = key(clientAddress, ready);
    int best = -1;
    long bestWeight = 0;
    for (int i = 0, n = ready.size(); i < n; i++) {
      int slot = ready.get(i).slot();
      long weight = weight(key, slot);
      if (best < 0 || before(weight, slot, bestWeight, best)) {
        best = slot;
        bestWeight = weight;
      }
    }
    return best;
  }

  /**
   * Orders the READY slots by descending weight for clientAddress, so the router fails over to
   * the client's own second choice; the order of ready and the slots' load do not matter.
   *
   * @param clientAddress the client's raw IP bytes (4 or 16); never modified
   * @param ready the READY slots, never empty
   * @return every slot of ready exactly once, the one {@link #pick} returns first
   */
  @Override
  public List<Integer> ranking(byte[] clientAddress, List<SlotLoad> ready) {
    byte[] key = key(clientAddress, ready);
    int n = ready.size();
    int[] slots = new int[n];
    long[] weights = new long[n];
    for (int i = 0; i < n; i++) {
      int slot = ready.get(i).slot();
      long weight = weight(key, slot);
      int at = i;
      while (at > 0 && before(weight, slot, weights[at - 1], slots[at - 1])) {
        slots[at] = slots[at - 1];
        weights[at] = weights[at - 1];
        at--;
      }
      slots[at] = slot;
      weights[at] = weight;
    }
    List<Integer> ranking = new ArrayList<>(n);
    for (int slot : slots) {
      ranking.add(slot);
    }
    return ranking;
  }

  /** @return the strategy's name and seed, for log lines */
  @Override
  public String toString() {
    return Balancers.IP_HASH + " (rendezvous, seed 0x" + Integer.toHexString(seed) + ")";
  }

  private long weight(byte[] key, int slot) {
    key[0] = (byte) (slot >>> 24);
    key[1] = (byte) (slot >>> 16);
    key[2] = (byte) (slot >>> 8);
    key[3] = (byte) slot;
    return MurmurHash3.hash128x64(key, 0, key.length, seed)[0];
  }

  /** Whether (weight, slot) ranks before (otherWeight, otherSlot). */
  private static boolean before(long weight, int slot, long otherWeight, int otherSlot) {
    int order = Long.compareUnsigned(weight, otherWeight);
    return order > 0 || order == 0 && slot < otherSlot;
  }

  /**
   * Checks the arguments and returns a buffer of 4 bytes for the slot, then the client address
   * with IPv4-mapped IPv6 reduced to its IPv4 bytes.
   */
  private static byte[] key(byte[] clientAddress, List<SlotLoad> ready) {
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(ready, "ready");
    if (ready.isEmpty()) {
      throw new IllegalArgumentException("ready must not be empty");
    }
    int length = clientAddress.length;
    if (length != 4 && length != 16) {
      throw new IllegalArgumentException("clientAddress must be 4 or 16 bytes, was " + length);
    }
    int from = length == 16 && isIpv4Mapped(clientAddress) ? 12 : 0;
    byte[] key = new byte[SLOT_BYTES + length - from];
    System.arraycopy(clientAddress, from, key, SLOT_BYTES, length - from);
    return key;
  }

  /** Whether a 16-byte address is {@code ::ffff:a.b.c.d}. */
  private static boolean isIpv4Mapped(byte[] address) {
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
  }
}

package io.clusterkit.sticky;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Client addresses for balancer tests: literals as raw bytes, and seeded random addresses. */
final class ClientIps {

  /** The seed of the random addresses, so every run sees the same clients. */
  static final long RANDOM_SEED = 20_240_601L;

  private ClientIps() {
  }

  /**
   * Parses an IP literal (no name lookup) into the bytes a socket reports: 4 for IPv4, 16 for
   * IPv6, and 16 for {@code ::ffff:a.b.c.d} too, which {@link InetAddress} would shorten to 4.
   *
   * @param literal an IPv4 or IPv6 literal
   * @return a new array of 4 or 16 bytes
   */
  static byte[] ip(String literal) {
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + literal, e);
    }
    return literal.contains(":") && bytes.length == 4 ? mapped(bytes) : bytes;
  }

  /**
   * Writes an IPv4 address as IPv4-mapped IPv6.
   *
   * @param ipv4 4 bytes
   * @return the 16 bytes of {@code ::ffff:a.b.c.d}
   */
  static byte[] mapped(byte[] ipv4) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(ipv4, 0, bytes, 12, 4);
    return bytes;
  }

  /**
   * Draws distinct-enough random addresses of one family.
   *
   * @param count how many
   * @param length 4 for IPv4, 16 for IPv6
   * @param seed the random seed
   * @return count new arrays of length bytes
   */
  static byte[][] random(int count, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[][] addresses = new byte[count][length];
    for (byte[] address : addresses) {
      random.nextBytes(address);
    }
    return addresses;
  }

  /**
   * Draws random clients, half IPv4 and half IPv6.
   *
   * @param count how many
   * @return count new addresses
   */
  static byte[][] mixed(int count) {
    byte[][] v4 = random(count / 2, 4, RANDOM_SEED);
    byte[][] v6 = random(count - count / 2, 16, RANDOM_SEED + 1);
    byte[][] all = new byte[count][];
    System.arraycopy(v4, 0, all, 0, v4.length);
    System.arraycopy(v6, 0, all, v4.length, v6.length);
    return all;
  }

  /**
   * Lists slots as idle READY slots.
   *
   * @param slots the slot numbers, in the order wanted
   * @return a READY list
   */
  static List<SlotLoad> ready(int... slots) {
    List<SlotLoad> ready = new ArrayList<>(slots.length);
    for (int slot : slots) {
      ready.add(new SlotLoad(slot, 0));
    }
    return ready;
  }

  /**
   * Lists slots 0 to count - 1 as idle READY slots.
   *
   * @param count how many slots
   * @return a READY list in slot order
   */
  static List<SlotLoad> firstSlots(int count) {
    List<SlotLoad> ready = new ArrayList<>(count);
    for (int slot = 0; slot < count; slot++) {
      ready.add(new SlotLoad(slot, 0));
    }
    return ready;
  }
}

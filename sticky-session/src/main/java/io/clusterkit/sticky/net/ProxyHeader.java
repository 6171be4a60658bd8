package io.clusterkit.sticky.net;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The PROXY protocol v1 header the router writes to a worker before any client byte, and the
 * address rule shared with the balancer: an IPv4-mapped IPv6 address is its IPv4 address.
 */
public final class ProxyHeader {

  /** What a v1 header says when the two addresses are not of one family. */
  static final String UNKNOWN = "PROXY UNKNOWN\r\n";

  private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff,
      (byte) 0xff};

  private ProxyHeader() {
  }

  /**
   * Formats the v1 header for a connection from client to the router's local address:
   * {@code PROXY TCP4 <client> <local> <client port> <local port>\r\n}, TCP6 for IPv6, and an
   * IPv4-mapped IPv6 address written as IPv4.
   *
   * @param client the client's address and port, as the router's socket sees it
   * @param local the public address and port the client connected to
   * @return the header, at most 107 bytes of US-ASCII
   */
  public static String v1(InetSocketAddress client, InetSocketAddress local) {
    InetAddress source = unmapped(client.getAddress());
    InetAddress destination = unmapped(local.getAddress());
    if (source == null || destination == null
        || (source instanceof Inet4Address) != (destination instanceof Inet4Address)) {
      return UNKNOWN;
    }
    String family = source instanceof Inet4Address ? "TCP4" : "TCP6";
    return "PROXY " + family + " " + NetUtil.toAddressString(source) + " "
        + NetUtil.toAddressString(destination) + " " + client.getPort() + " " + local.getPort()
        + "\r\n";
  }

  /**
   * Gives the raw bytes a balancer hashes for a client: 4 for IPv4 (IPv4-mapped IPv6 included),
   * 16 for IPv6.
   *
   * @param address the client's IP address
   * @return a new array of 4 or 16 bytes
   */
  public static byte[] clientBytes(InetAddress address) {
    return unmapped(address).getAddress();
  }

  /**
   * Turns {@code ::ffff:a.b.c.d} into {@code a.b.c.d}; any other address is returned as is,
   * without its IPv6 scope.
   *
   * @param address an address, or null
   * @return the address, IPv4 when it was IPv4-mapped, or null when address was null
   */
  static InetAddress unmapped(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] bytes = address.getAddress();
    try {
      if (Arrays.equals(bytes, 0, MAPPED_PREFIX.length, MAPPED_PREFIX, 0, MAPPED_PREFIX.length)) {
        return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + address, e);
    }
  }
}

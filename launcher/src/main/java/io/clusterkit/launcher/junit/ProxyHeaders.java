package io.clusterkit.launcher.junit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers as a load balancer in front of the launcher sends them (HAProxy's
 * text v1 and binary v2), for tests of {@code -proxy-protocol}.
 */
public final class ProxyHeaders {

  private static final byte[] V2_SIGNATURE =
      {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

  private ProxyHeaders() {
  }

  /**
   * A v1 header for a TCP client.
   *
   * @param client the client's address (IPv4 or IPv6 literal)
   * @param clientPort the client's port
   * @param server the address the client connected to
   * @param serverPort the port the client connected to
   * @return the header bytes, CRLF included
   * @throws IllegalArgumentException when an address is no IP literal
   */
  public static byte[] v1(String client, int clientPort, String server, int serverPort) {
    String family = address(client).length == 4 ? "TCP4" : "TCP6";
    return ("PROXY " + family + " " + client + " " + server + " " + clientPort + " " + serverPort
        + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A v2 header (PROXY command, TCP over IPv4 or IPv6).
   *
   * @param client the client's address (IPv4 or IPv6 literal, same family as server)
   * @param clientPort the client's port
   * @param server the address the client connected to
   * @param serverPort the port the client connected to
   * @return the header bytes
   * @throws IllegalArgumentException when an address is no IP literal or the families differ
   */
  public static byte[] v2(String client, int clientPort, String server, int serverPort) {
    byte[] from = address(client);
    byte[] to = address(server);
    if (from.length != to.length) {
      throw new IllegalArgumentException("client " + client + " and server " + server
          + " must be of one address family");
    }
    int length = 2 * from.length + 4;
    ByteBuffer header = ByteBuffer.allocate(V2_SIGNATURE.length + 4 + length);
    header.put(V2_SIGNATURE);
    header.put((byte) 0x21).put((byte) (from.length == 4 ? 0x11 : 0x21))
        .putShort((short) length);
    header.put(from).put(to);
    header.putShort((short) clientPort).putShort((short) serverPort);
    return header.array();
  }

  private static byte[] address(String literal) {
    if (literal.isEmpty() || !(Character.digit(literal.charAt(0), 16) >= 0
        || literal.charAt(0) == ':')) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
    }
  }
}

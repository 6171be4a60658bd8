package io.clusterkit.launcher.impl;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A member address of {@code -members}: a host (IPv4, IPv6 in brackets, or a name) and a port.
 * Parsing is pure; {@link #localAddresses()} alone asks the machine.
 *
 * @param host the host, IPv6 without brackets
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

  /** Checks the fields. */
  public HostPort {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
  }

  /**
   * Reads HOST[:PORT].
   *
   * @param text e.g. {@code 10.0.0.2}, {@code 10.0.0.2:5702}, {@code [fd00::2]:5701}, {@code db-1}
   * @param defaultPort the port when text names none
   * @return the address
   * @throws IllegalArgumentException naming text when it is not HOST[:PORT]
   */
  public static HostPort parse(String text, int defaultPort) {
    Objects.requireNonNull(text, "text");
    String value = text.trim();
    String host;
    String port = null;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || (close + 1 < value.length() && value.charAt(close + 1) != ':')) {
        throw bad(text);
      }
      host = value.substring(1, close);
      port = close + 1 < value.length() ? value.substring(close + 2) : null;
      if (!host.contains(":")) {
        throw bad(text);
      }
    } else if (value.indexOf(':') != value.lastIndexOf(':')) {
      host = value; // a bare IPv6 address: no port
    } else {
      int colon = value.indexOf(':');
      host = colon < 0 ? value : value.substring(0, colon);
      port = colon < 0 ? null : value.substring(colon + 1);
      if (!IPV4.matcher(host).matches() && !HOST_NAME.matcher(host).matches()) {
        throw bad(text);
      }
      if (IPV4.matcher(host).matches()) {
        for (String part : host.split("\\.")) {
          if (Integer.parseInt(part) > 255) {
            throw bad(text);
          }
        }
      }
    }
    if (host.isEmpty()) {
      throw bad(text);
    }
    if (port == null) {
      return new HostPort(host, defaultPort);
    }
    try {
      int number = Integer.parseInt(port);
      if (number < 1 || number > 65535) {
        throw bad(text);
      }
      return new HostPort(host, number);
    } catch (NumberFormatException e) {
      throw bad(text);
    }
  }

  /**
   * Checks that text is an IP address literal of a single interface.
   *
   * @param text the address
   * @param what what it is, for the message
   * @return text, trimmed
   * @throws IllegalArgumentException when it is no IP literal, or is the wildcard address
   */
  public static String literal(String text, String what) {
    Objects.requireNonNull(text, what);
    String value = text.trim();
    boolean ipv4 = IPV4.matcher(value).matches();
    boolean ipv6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
    if (!ipv4 && !ipv6) {
      throw new IllegalArgumentException(what + " must be an IP address, was '" + text + "'");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(what + " must be an IP address, was '" + text + "'");
    }
    if (address.isAnyLocalAddress()) {
      throw new IllegalArgumentException(what + " must name one interface, not the wildcard "
          + value + ": Hazelcast has no authentication, bind it to the cluster network only");
    }
    return value;
  }

  /**
   * Says whether an address is a loopback one.
   *
   * @param host an IP literal or host name
   * @return true for 127.0.0.0/8, ::1 and {@code localhost}
   */
  public static boolean isLoopback(String host) {
    return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
        || host.equalsIgnoreCase("localhost");
  }

  /**
   * Lists this machine's addresses (of this network namespace).
   *
   * @return every address of every interface that is up
   */
  public static List<InetAddress> localAddresses() {
    List<InetAddress> addresses = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()) {
          addresses.addAll(Collections.list(nic.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      // no interface list: the bind itself will say what is wrong
    }
    return addresses;
  }

  /** @return {@code host:port}, IPv6 in brackets */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("member must be HOST[:PORT] (IPv6 as [ADDR]:PORT), was '"
        + text + "'");
  }
}

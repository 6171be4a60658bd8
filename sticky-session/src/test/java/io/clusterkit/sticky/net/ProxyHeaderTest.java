package io.clusterkit.sticky.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProxyHeaderTest {

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1     | 127.0.0.1     | PROXY TCP4 127.0.0.1 127.0.0.1 51000 8080",
      "10.0.0.7      | 192.168.1.2   | PROXY TCP4 10.0.0.7 192.168.1.2 51000 8080",
      "::1           | ::1           | PROXY TCP6 ::1 ::1 51000 8080",
      "2001:db8:0:0:0:0:0:7 | 2001:db8::1 | PROXY TCP6 2001:db8::7 2001:db8::1 51000 8080",
      "::ffff:10.0.0.7 | ::ffff:127.0.0.1 | PROXY TCP4 10.0.0.7 127.0.0.1 51000 8080",
      "::ffff:10.0.0.7 | 127.0.0.1     | PROXY TCP4 10.0.0.7 127.0.0.1 51000 8080",
      "10.0.0.7      | ::1           | PROXY UNKNOWN",
  })
  void formatsV1Headers(String client, String local, String expected) throws Exception {
    assertThat(ProxyHeader.v1(at(client, 51000), at(local, 8080))).isEqualTo(expected + "\r\n");
  }

  @Test
  void writesAMappedInet6AddressAsIpv4() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 7};
    InetAddress six = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(six).isInstanceOf(Inet6Address.class);
    assertThat(ProxyHeader.v1(new InetSocketAddress(six, 1), at("127.0.0.1", 2)))
        .isEqualTo("PROXY TCP4 10.0.0.7 127.0.0.1 1 2\r\n");
    assertThat(ProxyHeader.clientBytes(six)).containsExactly(10, 0, 0, 7);
  }

  @Test
  void dropsTheIpv6Scope() throws Exception {
    InetAddress scoped = Inet6Address.getByAddress(null,
        InetAddress.getByName("fe80::1").getAddress(), 2);
    assertThat(ProxyHeader.v1(new InetSocketAddress(scoped, 1), at("fe80::2", 2)))
        .isEqualTo("PROXY TCP6 fe80::1 fe80::2 1 2\r\n");
  }

  @ParameterizedTest(name = "{0} hashes as {1} bytes")
  @CsvSource({"10.0.0.7, 4", "::ffff:10.0.0.7, 4", "2001:db8::7, 16", "::1, 16"})
  void givesBalancersFourOrSixteenBytes(String ip, int length) throws Exception {
    assertThat(ProxyHeader.clientBytes(InetAddress.getByName(ip))).hasSize(length);
  }
}

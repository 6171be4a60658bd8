package io.clusterkit.launcher.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

  @Test
  void v1NamesTheFamilyAddressesAndPorts() {
    assertThat(new String(ProxyHeaders.v1("203.0.113.7", 40000, "192.0.2.1", 443),
        StandardCharsets.US_ASCII)).isEqualTo("PROXY TCP4 203.0.113.7 192.0.2.1 40000 443\r\n");
    assertThat(new String(ProxyHeaders.v1("2001:db8::1", 40000, "2001:db8::2", 443),
        StandardCharsets.US_ASCII)).startsWith("PROXY TCP6 2001:db8::1 2001:db8::2 ");
  }

  @Test
  void v2ForIpv4IsTheSignatureCommandFamilyLengthAddressesAndPorts() {
    ByteBuffer header = ByteBuffer.wrap(ProxyHeaders.v2("203.0.113.7", 40000, "192.0.2.1", 443));
    assertThat(header.remaining()).isEqualTo(28);
    byte[] signature = new byte[12];
    header.get(signature);
    assertThat(signature).containsExactly(0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55,
        0x49, 0x54, 0x0A);
    assertThat(header.get()).isEqualTo((byte) 0x21);
    assertThat(header.get()).isEqualTo((byte) 0x11);
    assertThat(header.getShort()).isEqualTo((short) 12);
    assertThat(new byte[] {header.get(), header.get(), header.get(), header.get()})
        .containsExactly(203, 0, 113, 7);
    header.position(header.position() + 4);
    assertThat(Short.toUnsignedInt(header.getShort())).isEqualTo(40000);
    assertThat(header.getShort()).isEqualTo((short) 443);
  }

  @Test
  void v2ForIpv6CarriesSixteenByteAddresses() {
    byte[] header = ProxyHeaders.v2("2001:db8::1", 1, "2001:db8::2", 2);
    assertThat(header).hasSize(16 + 36);
    assertThat(header[13]).isEqualTo((byte) 0x21);
  }

  @Test
  void namesAndMixedFamiliesAreRefused() {
    assertThatThrownBy(() -> ProxyHeaders.v1("example.com", 1, "192.0.2.1", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example.com");
    assertThatThrownBy(() -> ProxyHeaders.v2("192.0.2.7", 1, "2001:db8::2", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one address family");
  }
}

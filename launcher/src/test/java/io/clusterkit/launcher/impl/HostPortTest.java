package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  @ParameterizedTest(name = "{0} -> {1}:{2}")
  @CsvSource({
      "10.0.0.2, 10.0.0.2, 5701",
      "10.0.0.2:5702, 10.0.0.2, 5702",
      " 10.0.0.2:5702 , 10.0.0.2, 5702",
      "db-1, db-1, 5701",
      "db-1.internal:6000, db-1.internal, 6000",
      "[fd00::2]:5703, fd00::2, 5703",
      "[fd00::2], fd00::2, 5701",
      "fd00::2, fd00::2, 5701"})
  void readsHostAndPortWithTheDefaultPortWhenNoneIsGiven(String text, String host, int port) {
    HostPort parsed = HostPort.parse(text, 5701);
    assertThat(parsed.host()).isEqualTo(host);
    assertThat(parsed.port()).isEqualTo(port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":5701", "10.0.0.2:", "10.0.0.2:0", "10.0.0.2:70000",
      "10.0.0.2:http", "300.0.0.1", "[fd00::2", "[fd00::2]5701", "a_b:5701", "[10.0.0.2]:5701"})
  void refusesWhatIsNotHostPort(String text) {
    assertThatThrownBy(() -> HostPort.parse(text, 5701))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("member must be HOST[:PORT] (IPv6 as [ADDR]:PORT), was '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.2:5701, 10.0.0.2:5701", "[fd00::2]:5701, [fd00::2]:5701",
      "fd00::2, [fd00::2]:5701"})
  void printsIpv6InBrackets(String text, String printed) {
    assertThat(HostPort.parse(text, 5701)).hasToString(printed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.213.0.1", "fd00::2", "::1"})
  void acceptsIpLiteralsAsABindAddress(String text) {
    assertThat(HostPort.literal(text, "cluster host")).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "0:0:0:0:0:0:0:0"})
  void refusesTheWildcardAsABindAddress(String text) {
    assertThatThrownBy(() -> HostPort.literal(text, "cluster host"))
        .hasMessageStartingWith("cluster host must name one interface, not the wildcard");
  }

  @ParameterizedTest
  @ValueSource(strings = {"db-1", "localhost", "10.0.0", ""})
  void refusesNamesAsABindAddress(String text) {
    assertThatThrownBy(() -> HostPort.literal(text, "cluster host"))
        .hasMessage("cluster host must be an IP address, was '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1, true", "127.4.5.6, true", "::1, true", "localhost, true",
      "10.0.0.1, false", "fd00::1, false"})
  void tellsLoopbackAddresses(String host, boolean loopback) {
    assertThat(HostPort.isLoopback(host)).isEqualTo(loopback);
  }
}

package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BalancersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "round-robin, io.clusterkit.sticky.RoundRobinBalancer",
      "least-conn,  io.clusterkit.sticky.LeastConnBalancer",
      "ip-hash,     io.clusterkit.sticky.RendezvousBalancer",
  })
  void createsEachBalancerByName(String name, Class<? extends Balancer> type) {
    assertThat(Balancers.byName(name)).isInstanceOf(type);
  }

  @Test
  void listsTheNamesInTheirConstants() {
    assertThat(Balancers.names())
        .containsExactly("round-robin", "least-conn", "ip-hash", "reuseport")
        .containsExactly(Balancers.ROUND_ROBIN, Balancers.LEAST_CONN, Balancers.IP_HASH,
            Balancers.REUSEPORT);
  }

  @Test
  void reuseportIsKnownButHasNoLauncherSideBalancer() {
    assertThat(Balancers.routed(Balancers.REUSEPORT)).isFalse();
    assertThat(Balancers.routed(Balancers.IP_HASH)).isTrue();
    assertThatThrownBy(() -> Balancers.byName(Balancers.REUSEPORT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reuseport has no balancer in the launcher: workers accept on the public "
            + "port themselves");
  }

  @Test
  void ipHashUsesTheDefaultSeed() {
    assertThat(((RendezvousBalancer) Balancers.byName(Balancers.IP_HASH)).seed())
        .isEqualTo(RendezvousBalancer.DEFAULT_SEED);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"round-robin", "least-conn", "ip-hash"})
  void everyCallGivesItsOwnState(String name) {
    assertThat(Balancers.byName(name)).isNotSameAs(Balancers.byName(name));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"reuse-port", "IP-HASH", "", "sticky"})
  void unknownNameListsTheKnownOnes(String name) {
    String expected = "unknown balancer '" + name
        + "' (known: round-robin, least-conn, ip-hash, reuseport)";
    assertThatThrownBy(() -> Balancers.byName(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    assertThatThrownBy(() -> Balancers.routed(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
  }

  @Test
  void refusesANullName() {
    assertThatThrownBy(() -> Balancers.byName(null)).hasMessage("name");
  }
}

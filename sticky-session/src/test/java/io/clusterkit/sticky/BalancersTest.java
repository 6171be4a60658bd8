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
    assertThat(Balancers.names()).containsExactly("round-robin", "least-conn", "ip-hash")
        .containsExactly(Balancers.ROUND_ROBIN, Balancers.LEAST_CONN, Balancers.IP_HASH);
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
  @ValueSource(strings = {"reuseport", "IP-HASH", "", "sticky"})
  void unknownNameListsTheKnownOnes(String name) {
    assertThatThrownBy(() -> Balancers.byName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown balancer '" + name + "' (known: round-robin, least-conn, ip-hash)");
  }

  @Test
  void refusesANullName() {
    assertThatThrownBy(() -> Balancers.byName(null)).hasMessage("name");
  }
}

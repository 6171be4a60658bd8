package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BalancersTest {

  @Test
  void createsRoundRobinByName() {
    assertThat(Balancers.byName("round-robin")).isInstanceOf(RoundRobinBalancer.class);
    assertThat(Balancers.names()).containsExactly("round-robin");
  }

  @Test
  void everyCallGivesItsOwnState() {
    assertThat(Balancers.byName("round-robin")).isNotSameAs(Balancers.byName("round-robin"));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Balancers.byName("ip-hash"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown balancer 'ip-hash' (known: round-robin)");
  }
}

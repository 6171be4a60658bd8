package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RoundRobinBalancerTest {

  private static final byte[] CLIENT = {10, 0, 0, 7};

  private final RoundRobinBalancer balancer = new RoundRobinBalancer();

  private static List<SlotLoad> slots(int... slots) {
    List<SlotLoad> ready = new ArrayList<>();
    for (int slot : slots) {
      ready.add(new SlotLoad(slot, 0));
    }
    return ready;
  }

  private List<Integer> picks(int count, List<SlotLoad> ready) {
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      picks.add(balancer.pick(CLIENT, ready));
    }
    return picks;
  }

  @Test
  void spreadsEvenlyInSlotOrder() {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int slot : picks(3000, slots(2, 0, 1))) {
      counts.merge(slot, 1, Integer::sum);
    }
    assertThat(counts).isEqualTo(Map.of(0, 1000, 1, 1000, 2, 1000));
    assertThat(picks(4, slots(0, 1, 2))).containsExactly(0, 1, 2, 0);
  }

  @Test
  void skipsSlotsThatAreNotReady() {
    assertThat(picks(6, slots(0, 2, 5))).containsExactly(0, 2, 5, 0, 2, 5);
  }

  @Test
  void keepsItsTurnWhenASlotLeaves() {
    assertThat(picks(2, slots(0, 1, 2, 3))).containsExactly(0, 1);
    // slot 2 drains: 3 comes next, not 0 or 1 again
    assertThat(picks(4, slots(0, 1, 3))).containsExactly(3, 0, 1, 3);
  }

  @Test
  void givesAJoiningSlotItsTurnInOrder() {
    assertThat(picks(2, slots(0, 2))).containsExactly(0, 2);
    // slot 1 becomes READY after slot 2 was picked: the cycle goes on 0, 1, 2
    assertThat(picks(3, slots(0, 1, 2))).containsExactly(0, 1, 2);
    assertThat(picks(2, slots(0, 1, 2, 3))).containsExactly(3, 0);
  }

  @Test
  void ignoresTheClientAddress() {
    byte[] v6 = new byte[16];
    v6[15] = 1;
    assertThat(balancer.pick(v6, slots(0, 1))).isEqualTo(0);
    assertThat(balancer.pick(CLIENT, slots(0, 1))).isEqualTo(1);
  }

  @Test
  void rankingStartsAtThePickAndFollowsSlotOrder() {
    assertThat(balancer.ranking(CLIENT, slots(4, 1, 7))).containsExactly(1, 4, 7);
    assertThat(balancer.ranking(CLIENT, slots(4, 1, 7))).containsExactly(4, 7, 1);
    assertThat(balancer.ranking(CLIENT, slots(4, 1, 7))).containsExactly(7, 1, 4);
  }

  @Test
  void staysFairUnderConcurrentPicks() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<Integer>>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        tasks.add(() -> picks(3000, slots(0, 1, 2)));
      }
      Map<Integer, Integer> counts = new TreeMap<>();
      for (Future<List<Integer>> result : pool.invokeAll(tasks)) {
        result.get().forEach(slot -> counts.merge(slot, 1, Integer::sum));
      }
      assertThat(counts).isEqualTo(Map.of(0, 4000, 1, 4000, 2, 4000));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAnEmptyReadyList() {
    assertThatThrownBy(() -> balancer.pick(CLIENT, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ready must not be empty");
  }
}

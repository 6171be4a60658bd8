package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LeastConnBalancerTest {

  private static final byte[] CLIENT = {10, 0, 0, 7};

  private final LeastConnBalancer balancer = new LeastConnBalancer();

  /** Parses {@code "slot=connections slot=connections"}. */
  private static List<SlotLoad> loads(String loads) {
    List<SlotLoad> ready = new ArrayList<>();
    for (String pair : loads.trim().split("\\s+")) {
      String[] parts = pair.split("=");
      ready.add(new SlotLoad(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    }
    return ready;
  }

  private List<Integer> picks(int count, String loads) {
    List<Integer> picks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      picks.add(balancer.pick(CLIENT, loads(loads)));
    }
    return picks;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0=3 1=1 2=2          | 1",
      "0=5 1=9 2=7          | 0",
      "2=4 5=0 7=1          | 5",
      "3=0                  | 3",
      "0=100 1=99 2=101 3=0 | 3",
      "4=2 1=8 0=3          | 4",
  })
  void picksTheSlotWithTheFewestConnections(String loads, int expected) {
    assertThat(balancer.pick(CLIENT, loads(loads))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0=0 1=0 2=0 3=0 | 0 1 2 3 0 1",
      "0=2 1=0 2=1 3=0 | 1 3 1 3 1 3",
      "3=1 1=1 5=1     | 1 3 5 1 3 5",
      "0=4 6=4 2=9     | 0 6 0 6 0 6",
  })
  void takesTurnsAmongTiedSlots(String loads, String expected) {
    List<Integer> want = Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList();
    assertThat(picks(want.size(), loads)).isEqualTo(want);
  }

  @Test
  void keepsItsTurnWhenTheTiedSetChanges() {
    assertThat(picks(2, "0=0 1=0 2=0 3=0")).containsExactly(0, 1);
    // slot 2 got busy: the turn goes on after 1, to 3, not back to 0
    assertThat(picks(3, "0=0 1=0 2=5 3=0")).containsExactly(3, 0, 1);
  }

  @Test
  void followsTheLoadAsItChanges() {
    List<Integer> picks = new ArrayList<>();
    int[] open = new int[3];
    for (int i = 0; i < 9; i++) {
      int slot = balancer.pick(CLIENT,
          List.of(new SlotLoad(0, open[0]), new SlotLoad(1, open[1]), new SlotLoad(2, open[2])));
      picks.add(slot);
      open[slot] += slot == 0 ? 2 : 1;
    }
    assertThat(picks).containsExactly(0, 1, 2, 1, 2, 0, 1, 2, 1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0=4 1=1 2=3 3=1 | 1 3 2 0",
      "0=0 1=0 2=0     | 0 1 2",
      "5=2 2=7 9=2 1=0 | 1 5 9 2",
  })
  void ranksByAscendingLoadFromThePick(String loads, String expected) {
    assertThat(balancer.ranking(CLIENT, loads(loads)))
        .isEqualTo(Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList());
  }

  @Test
  void rankingTakesTheNextTurnAmongTiedSlots() {
    assertThat(balancer.ranking(CLIENT, loads("0=0 1=0 2=0 3=2"))).containsExactly(0, 1, 2, 3);
    assertThat(balancer.ranking(CLIENT, loads("0=0 1=0 2=0 3=2"))).containsExactly(1, 2, 0, 3);
    assertThat(balancer.ranking(CLIENT, loads("0=0 1=0 2=0 3=2"))).containsExactly(2, 0, 1, 3);
  }

  @Test
  void ignoresTheClientAddress() {
    assertThat(balancer.pick(new byte[16], loads("0=1 1=0"))).isEqualTo(1);
    assertThat(balancer.pick(null, loads("0=0 1=1"))).isEqualTo(0);
    assertThat(balancer).hasToString("least-conn");
  }

  @Test
  void refusesAnEmptyReadyList() {
    assertThatThrownBy(() -> balancer.pick(CLIENT, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ready must not be empty");
    assertThatThrownBy(() -> balancer.ranking(CLIENT, null)).hasMessage("ready");
  }
}

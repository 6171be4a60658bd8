package io.clusterkit.sticky;

import static io.clusterkit.sticky.ClientIps.firstSlots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link RendezvousBalancer} spreads many clients, and which move when the slots change. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RendezvousSpreadTest {

  private static final int CLIENTS = 100_000;

  /** Chi-square critical values for p = 0.001, indexed by degrees of freedom (1..7). */
  private static final double[] CHI_SQUARE_P001 =
      {Double.NaN, 10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322};

  private static final byte[][] IPV4 = ClientIps.random(CLIENTS, 4, ClientIps.RANDOM_SEED);
  private static final byte[][] IPV6 = ClientIps.random(CLIENTS, 16, ClientIps.RANDOM_SEED + 1);
  private static final byte[][] MIXED = ClientIps.mixed(20_000);

  private final RendezvousBalancer balancer = new RendezvousBalancer();

  @ParameterizedTest(name = "IPv{0} over {1} slots")
  @CsvSource({"4, 2", "4, 3", "4, 4", "4, 5", "4, 6", "4, 7", "4, 8",
      "6, 2", "6, 3", "6, 4", "6, 5", "6, 6", "6, 7", "6, 8"})
  void spreadsRandomClientsEvenly(int family, int slots) {
    List<SlotLoad> ready = firstSlots(slots);
    long[] counts = new long[slots];
    for (byte[] client : family == 4 ? IPV4 : IPV6) {
      counts[balancer.pick(client, ready)]++;
    }
    double expected = (double) CLIENTS / slots;
    double chiSquare = 0;
    for (long count : counts) {
      chiSquare += (count - expected) * (count - expected) / expected;
    }
    for (int slot = 0; slot < slots; slot++) {
      assertThat((double) counts[slot]).as("clients of slot %d of %s", slot,
          Arrays.toString(counts)).isCloseTo(expected, within(expected * 0.05));
    }
    assertThat(chiSquare).as("chi-square of %s, df %d", Arrays.toString(counts), slots - 1)
        .isLessThan(CHI_SQUARE_P001[slots - 1]);
  }

  @ParameterizedTest(name = "one of {0} slots down")
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void aDownSlotMovesOnlyItsClientsToTheirSecondChoiceAndGetsThemBack(int slots) {
    List<SlotLoad> all = firstSlots(slots);
    for (int down = 0; down < slots; down++) {
      List<SlotLoad> others = new ArrayList<>(all);
      others.remove(down);
      int moved = 0;
      List<String> wrong = new ArrayList<>();
      for (byte[] client : MIXED) {
        List<Integer> ranking = balancer.ranking(client, all);
        int during = balancer.pick(client, others);
        int expected = ranking.get(0) == down ? ranking.get(1) : ranking.get(0);
        moved += ranking.get(0) == down ? 1 : 0;
        int after = balancer.pick(client, all);
        if ((during != expected || after != ranking.get(0)) && wrong.size() < 10) {
          wrong.add(Arrays.toString(client) + " ranking " + ranking + " went to " + during
              + " then " + after);
        }
      }
      assertThat(wrong).as("clients that broke the rule with slot %d down", down).isEmpty();
      assertThat((double) moved).as("clients of slot %d of %d", down, MIXED.length)
          .isCloseTo((double) MIXED.length / slots, withinPercentage(20));
    }
  }

  @ParameterizedTest(name = "{0} -> {0}+1 slots")
  @ValueSource(ints = {2, 3, 4, 5, 6, 7})
  void addingASlotMovesAboutItsShareAllToTheNewSlot(int slots) {
    List<SlotLoad> before = firstSlots(slots);
    List<SlotLoad> after = firstSlots(slots + 1);
    int moved = 0;
    int elsewhere = 0;
    for (int i = 0; i < CLIENTS; i++) {
      byte[] client = i % 2 == 0 ? IPV4[i] : IPV6[i];
      int was = balancer.pick(client, before);
      int is = balancer.pick(client, after);
      if (is != was) {
        moved++;
        elsewhere += is == slots ? 0 : 1;
      }
    }
    assertThat(elsewhere).as("moved clients that did not go to new slot %d", slots).isZero();
    double share = 1.0 / (slots + 1);
    assertThat((double) moved / CLIENTS).as("moved %d of %d", moved, CLIENTS)
        .isCloseTo(share, within(share * 0.2));
  }
}

package io.clusterkit.sticky;

import static io.clusterkit.sticky.ClientIps.firstSlots;
import static io.clusterkit.sticky.ClientIps.ip;
import static io.clusterkit.sticky.ClientIps.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.MurmurHash3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which slot {@link RendezvousBalancer} gives one client: addresses, stability, arguments. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RendezvousBalancerTest {

  private static final List<SlotLoad> EIGHT = firstSlots(8);

  private final RendezvousBalancer balancer = new RendezvousBalancer();

  /**
   * Recorded from one run: any change of seed, hash or byte layout re-pins clients in a running
   * cluster whose launchers are upgraded one by one, and must fail here.
   */
  @ParameterizedTest(name = "{0} -> {1} of 2, {2} of 3, {3} of 5, {4} of 8")
  @CsvSource(delimiter = '|', value = {
      "10.0.0.7                     | 0 | 0 | 0 | 0",
      "192.168.1.2                  | 0 | 2 | 2 | 2",
      "127.0.0.1                    | 0 | 0 | 0 | 7",
      "0.0.0.0                      | 0 | 0 | 3 | 7",
      "255.255.255.255              | 1 | 2 | 2 | 7",
      "203.0.113.9                  | 0 | 0 | 0 | 7",
      "::ffff:198.51.100.4          | 0 | 2 | 3 | 3",
      "::1                          | 1 | 1 | 1 | 1",
      "::                           | 1 | 1 | 1 | 1",
      "fe80::1                      | 0 | 0 | 0 | 0",
      "2001:db8::7                  | 0 | 0 | 0 | 7",
      "2001:db8:85a3::8a2e:370:7334 | 1 | 1 | 1 | 6",
  })
  void picksTheRecordedSlotOnEveryJvm(String client, int of2, int of3, int of5, int of8) {
    assertThat(new int[] {balancer.pick(ip(client), firstSlots(2)),
        balancer.pick(ip(client), firstSlots(3)), balancer.pick(ip(client), firstSlots(5)),
        balancer.pick(ip(client), EIGHT)}).containsExactly(of2, of3, of5, of8);
  }

  @Test
  void ranksTheRecordedOrderOnEveryJvm() {
    assertThat(balancer.ranking(ip("10.0.0.7"), EIGHT)).containsExactly(0, 2, 3, 6, 4, 1, 7, 5);
    assertThat(balancer.ranking(ip("2001:db8::7"), EIGHT))
        .containsExactly(7, 0, 1, 5, 3, 6, 4, 2);
    assertThat(balancer.ranking(ip("::ffff:198.51.100.4"), EIGHT))
        .containsExactly(3, 7, 4, 6, 2, 0, 1, 5);
  }

  @Test
  void weighsTheDocumentedBytesWithMurmurHash3() {
    byte[] v4 = {0, 0, 0, 0, (byte) 198, 51, 100, 4};
    byte[] v6 = new byte[20];
    System.arraycopy(ip("2001:db8::7"), 0, v6, 4, 16);
    for (byte[] key : List.of(v4, v6)) {
      int best = -1;
      long bestWeight = 0;
      for (int slot = 0; slot < 8; slot++) {
        key[3] = (byte) slot;
        long weight = MurmurHash3.hash128x64(key, 0, key.length, 0x436b3031)[0];
        if (best < 0 || Long.compareUnsigned(weight, bestWeight) > 0) {
          best = slot;
          bestWeight = weight;
        }
      }
      assertThat(balancer.pick(Arrays.copyOfRange(key, 4, key.length), EIGHT)).isEqualTo(best);
    }
  }

  @ParameterizedTest(name = "{0} ranks as {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "::ffff:10.0.0.7          | 10.0.0.7        | true",
      "::ffff:0.0.0.0           | 0.0.0.0         | true",
      "::ffff:255.255.255.255   | 255.255.255.255 | true",
      "0:0:0:0:0:ffff:c000:0201 | 192.0.2.1       | true",
      "::ffff:127.0.0.1         | 127.0.0.1       | true",
      "::10.0.0.7               | 10.0.0.7        | false",
      "::fffe:10.0.0.7          | 10.0.0.7        | false",
      "::1                      | 0.0.0.1         | false",
      "::                       | 0.0.0.0         | false",
      "fe80::1                  | ::1             | false",
      "fe80::a00:27ff:fe4e:66a1 | fe80::1         | false",
      "2001:db8::a00:7          | 10.0.0.7        | false",
  })
  void treatsOnlyIpv4MappedIpv6AsIpv4(String client, String other, boolean same) {
    assertThat(ip(client)).as("the address as a socket gives it").hasSize(16);
    List<Integer> ranking = balancer.ranking(ip(client), EIGHT);
    if (same) {
      assertThat(ranking).isEqualTo(balancer.ranking(ip(other), EIGHT));
    } else {
      assertThat(ranking).isNotEqualTo(balancer.ranking(ip(other), EIGHT));
    }
  }

  @Test
  void ranksEveryIpv4MappedAddressAsItsIpv4Address() {
    for (byte[] client : ClientIps.random(10_000, 4, ClientIps.RANDOM_SEED + 2)) {
      assertThat(balancer.ranking(ClientIps.mapped(client), EIGHT))
          .isEqualTo(balancer.ranking(client, EIGHT));
    }
  }

  @Test
  void replacementInheritsSlotClientsWhateverItsLoadOrPlaceInTheList() {
    List<SlotLoad> busy = List.of(new SlotLoad(7, 3), new SlotLoad(2, 90), new SlotLoad(4, 0),
        new SlotLoad(0, 12));
    for (byte[] client : ClientIps.mixed(2_000)) {
      assertThat(balancer.ranking(client, busy))
          .isEqualTo(balancer.ranking(client, ready(0, 2, 4, 7)));
      assertThat(balancer.pick(client, busy)).isEqualTo(balancer.pick(client, ready(4, 7, 0, 2)));
    }
  }

  @Test
  void rankingStartsWithThePickAndHoldsEverySlotOnce() {
    List<SlotLoad> sparse = ready(9, 1, 4, 6);
    for (byte[] client : ClientIps.mixed(2_000)) {
      List<Integer> ranking = balancer.ranking(client, sparse);
      assertThat(ranking).containsExactlyInAnyOrder(1, 4, 6, 9);
      assertThat(ranking.get(0)).isEqualTo(balancer.pick(client, sparse));
    }
  }

  @Test
  void anotherSeedRepinsClientsAndTheSameSeedAgrees() {
    RendezvousBalancer other = new RendezvousBalancer(1);
    RendezvousBalancer again = new RendezvousBalancer(RendezvousBalancer.DEFAULT_SEED);
    int differ = 0;
    for (byte[] client : ClientIps.mixed(8_000)) {
      differ += other.pick(client, EIGHT) == balancer.pick(client, EIGHT) ? 0 : 1;
      assertThat(again.ranking(client, EIGHT)).isEqualTo(balancer.ranking(client, EIGHT));
    }
    assertThat(differ).as("clients re-pinned by seed 1, about 7 in 8").isBetween(6_500, 7_500);
    assertThat(other.seed()).isEqualTo(1);
    assertThat(balancer.seed()).isEqualTo(0x436b3031);
    assertThat(balancer).hasToString("ip-hash (rendezvous, seed 0x436b3031)");
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> balancer.pick(null, EIGHT)).hasMessage("clientAddress");
    assertThatThrownBy(() -> balancer.pick(new byte[5], EIGHT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientAddress must be 4 or 16 bytes, was 5");
    assertThatThrownBy(() -> balancer.ranking(ip("10.0.0.7"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ready must not be empty");
    assertThatThrownBy(() -> balancer.pick(ip("10.0.0.7"), null)).hasMessage("ready");
  }
}

package io.clusterkit.sticky;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class WorkerKeyTest {

  @Test
  void slotIsHighHalfAndGenerationLowHalf() {
    assertThat(WorkerKey.of(2, 7)).isEqualTo((2L << 32) | 7);
    assertThat(WorkerKey.of(0, -1)).isEqualTo(0xffffffffL);
  }

  @Test
  void everySlotAndGenerationHasItsOwnKey() {
    Set<Long> keys = new HashSet<>();
    for (int slot = 0; slot < 8; slot++) {
      for (int gen : new int[] {0, 1, 2, Integer.MAX_VALUE, -1}) {
        assertThat(keys.add(WorkerKey.of(slot, gen))).as("slot %d gen %d", slot, gen).isTrue();
      }
    }
  }
}

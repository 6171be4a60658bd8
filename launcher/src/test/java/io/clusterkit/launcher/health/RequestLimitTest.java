package io.clusterkit.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.sticky.WorkerKey;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Recycling by request count: each worker's own limit, the reason it gives, and forgetting. */
class RequestLimitTest {

  private static final long SLOT0 = WorkerKey.of(0, 1);
  private static final long SLOT1 = WorkerKey.of(1, 1);

  @Test
  void withoutJitterAWorkerIsDueAtExactlyMaxRequests() {
    RequestLimit limit = new RequestLimit(1000, 0, new SplittableRandom(1));

    assertThat(limit.due(SLOT0, 999)).isNull();
    assertThat(limit.due(SLOT0, 1000)).isEqualTo("served 1000 requests (-max-requests 1000)");
    assertThat(limit.due(SLOT0, 1250)).isEqualTo("served 1250 requests (-max-requests 1000)");
  }

  @Test
  void jitterGivesEachWorkerItsOwnLimitWithinMaxAndMaxPlusJitterDrawnOnce() {
    RequestLimit limit = new RequestLimit(1000, 50, new SplittableRandom(7));
    Set<Long> seen = new HashSet<>();
    for (int slot = 0; slot < 200; slot++) {
      long own = limit.limitOf(WorkerKey.of(slot, 1));
      assertThat(own).isBetween(1000L, 1050L);
      assertThat(limit.limitOf(WorkerKey.of(slot, 1))).as("drawn once").isEqualTo(own);
      seen.add(own);
    }
    assertThat(seen).as("spread over 0..50").hasSizeGreaterThan(20).contains(1000L, 1050L);
  }

  @Test
  void reasonNamesTheWorkersOwnLimitWhenJittered() {
    RandomGenerator fixed = new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        return 12;
      }
    };
    RequestLimit limit = new RequestLimit(1000, 50, fixed);

    assertThat(limit.due(SLOT1, 1011)).isNull();
    assertThat(limit.due(SLOT1, 1012)).isEqualTo(
        "served 1012 requests (-max-requests 1000 -max-requests-jitter 50: its limit 1012)");
  }

  @Test
  void noLimitNeverRecycles() {
    RequestLimit none = RequestLimit.none();

    assertThat(none.enabled()).isFalse();
    assertThat(none.due(SLOT0, Long.MAX_VALUE)).isNull();
  }

  @Test
  void goneWorkersAreForgottenAndDrawAgainIfSeenAgain() {
    int[] draws = {0};
    RandomGenerator counting = new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        draws[0]++;
        return 3;
      }
    };
    RequestLimit limit = new RequestLimit(10, 5, counting);
    limit.limitOf(SLOT0);
    limit.limitOf(SLOT1);

    limit.retain(Set.of(SLOT1));
    limit.limitOf(SLOT1);
    limit.limitOf(SLOT0);

    assertThat(draws[0]).isEqualTo(3);
  }

  @Test
  void negativeValuesAreRefused() {
    assertThatThrownBy(() -> new RequestLimit(-1, 0, new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RequestLimit(10, -1, new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

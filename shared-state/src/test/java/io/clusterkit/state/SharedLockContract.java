package io.clusterkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What every lock from {@link SharedState#lock} does, whatever holds it. Subclasses give a
 * holder and a contender (two members of one cluster, or one local Vert.x twice); each test
 * uses a lock of its own.
 */
abstract class SharedLockContract {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofSeconds(10);

  private final String name = "lock-" + UUID.randomUUID();

  /** @return the Vert.x instance that takes the lock first */
  protected abstract Vertx holder();

  /** @return the Vert.x instance that contends for it (another member, when there is one) */
  protected abstract Vertx contender();

  private static SharedState on(Vertx vertx) {
    return SharedState.of(vertx);
  }

  @Test
  void heldLockTimesOutAContenderNoEarlierThanItsTimeout(VertxTestContext tc) {
    on(holder()).lock(name, LONG).onComplete(tc.succeeding(held -> {
      long start = System.nanoTime();
      on(contender()).lock(name, SHORT).onComplete(tc.failing(e -> tc.verify(() -> {
        assertThat(Poll.millisSince(start)).as("ms until the failure")
            .isGreaterThanOrEqualTo(SHORT.toMillis());
        assertThat(e).isInstanceOf(TimeoutException.class)
            .hasMessage("lock '" + name + "' not acquired within 300 ms");
        held.release().onComplete(tc.succeedingThenComplete());
      })));
    }));
  }

  @Test
  void contenderGetsTheLockOnceItIsReleased(VertxTestContext tc) {
    AtomicBoolean released = new AtomicBoolean();
    on(holder()).lock(name, LONG).onComplete(tc.succeeding(held -> {
      on(contender()).lock(name, LONG).onComplete(tc.succeeding(got -> tc.verify(() -> {
        assertThat(released).as("released before the contender got it").isTrue();
        assertThat(got.name()).isEqualTo(name);
        got.release().onComplete(tc.succeedingThenComplete());
      })));
      holder().setTimer(200, id -> {
        released.set(true);
        held.release();
      });
    }));
  }

  @Test
  void sameMemberCannotTakeAHeldLockAgain(VertxTestContext tc) {
    on(holder()).lock(name, LONG).onComplete(tc.succeeding(held -> {
      long start = System.nanoTime();
      on(holder()).lock(name, SHORT).onComplete(tc.failing(e -> tc.verify(() -> {
        assertThat(e).isInstanceOf(TimeoutException.class);
        assertThat(Poll.millisSince(start)).isGreaterThanOrEqualTo(SHORT.toMillis());
        held.release().onComplete(tc.succeedingThenComplete());
      })));
    }));
  }

  @Test
  void releasingTwiceNeverFreesTheNextHolder(VertxTestContext tc) {
    on(holder()).lock(name, LONG)
        .compose(first -> first.release().compose(v -> first.release()).map(first))
        .compose(first -> on(contender()).lock(name, LONG)
            .compose(second -> first.release().map(second)))
        .onComplete(tc.succeeding(second -> on(holder()).lock(name, SHORT)
            .onComplete(tc.failing(e -> tc.verify(() -> {
              assertThat(e).as("the second holder still has the lock")
                  .isInstanceOf(TimeoutException.class);
              second.release().onComplete(tc.succeedingThenComplete());
            })))));
  }

  @Test
  void badArgumentsAreRejectedAtOnce() {
    SharedState state = on(holder());
    assertThatThrownBy(() -> state.lock(name, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be >= 1 ms, was PT0S");
    assertThatThrownBy(() -> state.lock(null, LONG))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
  }
}

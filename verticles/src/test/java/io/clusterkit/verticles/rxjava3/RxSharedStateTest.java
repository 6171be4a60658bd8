package io.clusterkit.verticles.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Rx shared-state twins on a plain (local) Vert.x: each method gives what its future-based
 * twin gives, absent values are empty Maybes, bad arguments throw at once, and a call does its
 * work once whether it is subscribed to zero, one or two times.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RxSharedStateTest {

  private static RxSharedState state(Vertx vertx) {
    return RxSharedState.of(io.vertx.rxjava3.core.Vertx.newInstance(vertx));
  }

  @Test
  void concurrentIncrementsGiveAnExactTotal(Vertx vertx, VertxTestContext test) {
    RxSharedCounter counter = state(vertx).counter("hits");
    Flowable.range(0, 500).flatMapSingle(i -> counter.incrementAndGet(), false, 64)
        .ignoreElements()
        .andThen(Single.defer(counter::get))
        .subscribe(total -> test.verify(() -> {
          assertThat(total).isEqualTo(500L);
          test.completeNow();
        }), test::failNow);
  }

  @Test
  void counterOperationsMirrorTheFutureApi(Vertx vertx, VertxTestContext test) {
    RxSharedCounter counter = state(vertx).counter("ops");
    Single.concat(List.of(counter.addAndGet(10), counter.getAndAdd(5), counter.getAndIncrement(),
            counter.decrementAndGet(), counter.compareAndSet(15, 40).map(ok -> ok ? 1L : 0L),
            counter.compareAndSet(15, 99).map(ok -> ok ? 1L : 0L), counter.get()))
        .toList()
        .subscribe(values -> test.verify(() -> {
          assertThat(values).containsExactly(10L, 10L, 15L, 15L, 1L, 0L, 40L);
          assertThat(counter.name()).isEqualTo("ops");
          test.completeNow();
        }), test::failNow);
  }

  @Test
  void aCallIsDoneOnceHoweverOftenItIsSubscribed(Vertx vertx, VertxTestContext test) {
    RxSharedCounter counter = state(vertx).counter("once");
    counter.incrementAndGet(); // never subscribed: done all the same
    Single<Long> second = counter.incrementAndGet();
    Single.zip(second, second, counter.get(), List::of)
        .subscribe(values -> test.verify(() -> {
          assertThat(values).containsExactly(2L, 2L, 2L);
          test.completeNow();
        }), test::failNow);
  }

  @Test
  void mapOperationsMirrorTheFutureApiWithEmptyMaybesForNone(Vertx vertx, VertxTestContext test) {
    RxSharedMap<String, String> map = state(vertx).map("entries");
    map.put("a", "1")
        .andThen(map.put("b", "2", Duration.ofMinutes(1)))
        .andThen(Single.defer(() -> Single.zip(
            map.get("a").defaultIfEmpty("none"), map.get("x").defaultIfEmpty("none"),
            map.putIfAbsent("a", "other").defaultIfEmpty("none"),
            map.putIfAbsent("c", "3").defaultIfEmpty("none"),
            map.replace("c", "33").defaultIfEmpty("none"),
            map.replace("y", "0").defaultIfEmpty("none"),
            List::of)))
        .flatMap(reads -> Single.zip(map.replaceIfPresent("c", "33", "333"),
            map.removeIfPresent("b", "wrong"), map.remove("b").defaultIfEmpty("none"),
            map.size(), map.keys(), map.entries(),
            (replaced, removedWrong, removed, size, keys, entries) -> {
              test.verify(() -> {
                assertThat(reads).containsExactly("1", "none", "1", "none", "3", "none");
                assertThat(replaced).isTrue();
                assertThat(removedWrong).isFalse();
                assertThat(removed).isEqualTo("2");
                assertThat(size).isEqualTo(2);
                assertThat(keys).isEqualTo(Set.of("a", "c"));
                assertThat(entries).isEqualTo(Map.of("a", "1", "c", "333"));
              });
              return true;
            }))
        .flatMapCompletable(v -> map.clear())
        .andThen(Single.defer(map::size))
        .subscribe(size -> test.verify(() -> {
          assertThat(size).isZero();
          test.completeNow();
        }), test::failNow);
  }

  @Test
  void mapArgumentsOtherMembersCannotReadThrowAtOnce(Vertx vertx) {
    RxSharedMap<Object, Object> map = state(vertx).map("checked");
    assertThatThrownBy(() -> map.put("k", new java.util.Date()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.util.Date");
    assertThatThrownBy(() -> map.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.put("k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHeldLockMakesTheNextWaiterTimeOutUntilReleased(Vertx vertx, VertxTestContext test) {
    RxSharedState state = state(vertx);
    state.lock("one", Duration.ofSeconds(5))
        .flatMap(held -> state.lock("one", Duration.ofMillis(100))
            .map(second -> false)
            .onErrorReturn(e -> {
              test.verify(() -> assertThat(e).isInstanceOf(TimeoutException.class)
                  .hasMessageContaining("one"));
              return true;
            })
            .flatMap(timedOut -> held.release().andThen(Single.just(timedOut))))
        .flatMap(timedOut -> state.lock("one", Duration.ofSeconds(5))
            .flatMap(again -> again.release().andThen(Single.just(timedOut && again.name()
                .equals("one")))))
        .subscribe(ok -> test.verify(() -> {
          assertThat(ok).as("timed out while held, acquired after release").isTrue();
          test.completeNow();
        }), test::failNow);
  }
}

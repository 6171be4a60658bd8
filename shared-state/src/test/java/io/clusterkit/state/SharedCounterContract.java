package io.clusterkit.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SharedCounter} does, whatever holds it. Subclasses give a writer and a reader
 * (two members of one cluster, or one local Vert.x twice); each test uses counters of its own.
 */
abstract class SharedCounterContract {

  private static final int INCREMENTS_PER_MEMBER = 100;

  private final String name = "counter-" + UUID.randomUUID();

  /** @return the Vert.x instance that writes */
  protected abstract Vertx writer();

  /** @return the Vert.x instance that reads (another member, when there is one) */
  protected abstract Vertx reader();

  private SharedCounter written() {
    return SharedState.of(writer()).counter(name);
  }

  private SharedCounter read() {
    return SharedState.of(reader()).counter(name);
  }

  @Test
  void counterNeverUpdatedReadsZero(VertxTestContext tc) {
    read().get().onComplete(tc.succeeding(value -> tc.verify(() -> {
      assertThat(value).isZero();
      tc.completeNow();
    })));
  }

  @Test
  void eachOperationAnswersWithTheOldOrTheNewValue(VertxTestContext tc) {
    SharedCounter out = written();
    SharedCounter in = read();
    List<Long> answers = new ArrayList<>();
    out.incrementAndGet().onSuccess(answers::add)
        .compose(v -> in.getAndIncrement()).onSuccess(answers::add)
        .compose(v -> out.decrementAndGet()).onSuccess(answers::add)
        .compose(v -> in.addAndGet(10)).onSuccess(answers::add)
        .compose(v -> out.getAndAdd(-5)).onSuccess(answers::add)
        .compose(v -> in.get()).onSuccess(answers::add)
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          // 0 -> 1 (new 1), -> 2 (old 1), -> 1 (new 1), -> 11 (new 11), -> 6 (old 11), read 6
          assertThat(answers).containsExactly(1L, 1L, 1L, 11L, 11L, 6L);
          tc.completeNow();
        })));
  }

  @Test
  void compareAndSetChangesOnlyTheExpectedValue(VertxTestContext tc) {
    SharedCounter out = written();
    SharedCounter in = read();
    out.compareAndSet(0, 5)
        .compose(first -> in.compareAndSet(0, 7).map(second -> List.of(first, second)))
        .compose(swaps -> in.get().map(value -> {
          tc.verify(() -> assertThat(swaps).as("0->5 on a new counter, then 0->7")
              .containsExactly(true, false));
          return value;
        }))
        .onComplete(tc.succeeding(value -> tc.verify(() -> {
          assertThat(value).isEqualTo(5L);
          tc.completeNow();
        })));
  }

  @Test
  void concurrentIncrementsFromBothMembersAreExact(VertxTestContext tc) {
    List<Future<Long>> increments = new ArrayList<>();
    SharedCounter out = written();
    SharedCounter in = read();
    for (int i = 0; i < INCREMENTS_PER_MEMBER; i++) {
      increments.add(out.incrementAndGet());
      increments.add(in.incrementAndGet());
    }
    long total = 2L * INCREMENTS_PER_MEMBER;
    Future.all(increments)
        .compose(all -> in.get().map(value -> {
          List<Long> answers = all.list();
          tc.verify(() -> assertThat(answers).as("each increment saw its own value")
              .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList()));
          return value;
        }))
        .onComplete(tc.succeeding(value -> tc.verify(() -> {
          assertThat(value).isEqualTo(total);
          tc.completeNow();
        })));
  }

  @Test
  void countersWithOtherNamesAreUntouched(VertxTestContext tc) {
    SharedCounter other = SharedState.of(reader()).counter(name + "-other");
    written().addAndGet(3)
        .compose(v -> other.get())
        .onComplete(tc.succeeding(value -> tc.verify(() -> {
          assertThat(value).isZero();
          tc.completeNow();
        })));
  }
}

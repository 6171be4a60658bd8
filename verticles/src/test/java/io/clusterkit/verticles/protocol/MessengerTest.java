package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The slot-table rule of messaging on one local Vert.x: sends to a slot with no READY process fail
 * at once, a request to a process the launcher reports gone fails at once, bodies are checked.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class MessengerTest {

  private static final Duration LONG = Duration.ofSeconds(20);

  private static SlotTable table(long version, int... readyGens) {
    List<SlotTable.Entry> entries = new java.util.ArrayList<>();
    for (int gen : readyGens) {
      entries.add(new SlotTable.Entry(gen > 0 ? "READY" : "STARTING", gen));
    }
    return new SlotTable(version, entries);
  }

  @Test
  void aSlotWithNoReadyWorkerFailsAtOnceWithTheTable(Vertx vertx, VertxTestContext test) {
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.update(table(1, 1, 0));
    vertx.eventBus().consumer(Addresses.worker(1, 1), m -> test.failNow("sent anyway"));
    messenger.request(1, "hi", LONG).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).isInstanceOf(ReplyException.class)
          .hasMessage("no READY worker in slot 1 (slots: 0=READY 1=STARTING)");
      assertThat(((ReplyException) e).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
      test.completeNow();
    })));
  }

  @Test
  void aSendGoesToTheReadyGenerationOfTheSlotWithTheSenderHeaders(Vertx vertx,
      VertxTestContext test) {
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.update(table(1, 1, 2));
    vertx.eventBus().consumer(Addresses.worker(1, 1), m -> test.failNow("old generation"));
    vertx.eventBus().<String>consumer(Addresses.worker(1, 2), m -> test.verify(() -> {
      assertThat(m.body()).isEqualTo("hi");
      assertThat(Messenger.senderOf(m)).isZero();
      assertThat(m.headers().get(Addresses.GEN_HEADER)).isEqualTo("1");
      test.completeNow();
    })).completion().compose(v -> messenger.send(1, "hi")).onFailure(test::failNow);
  }

  @Test
  void aPendingRequestFailsAtOnceWhenANewerTableDropsItsWorker(Vertx vertx,
      VertxTestContext test) {
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.update(table(1, 1, 1));
    vertx.eventBus().consumer(Addresses.worker(1, 1), m -> {
      // never replies: the worker "dies" with the request in flight
      messenger.update(table(2, 1, 0));
    });
    long start = System.nanoTime();
    messenger.request(1, "hi", LONG).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).hasMessage("slot 1 gen 1 is no longer READY (slots: 0=READY 1=STARTING)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      test.completeNow();
    })));
  }

  @Test
  void olderTablesAreIgnored(Vertx vertx) {
    Messenger messenger = new Messenger(vertx, 0, 1);
    assertThat(messenger.update(table(5, 1, 1))).isTrue();
    assertThat(messenger.update(table(4, 1, 0))).isFalse();
    assertThat(messenger.update(table(5, 1, 0))).isFalse();
    assertThat(messenger.table().readySlots()).containsExactly(0, 1);
  }

  @Test
  void bodiesOtherJvmsCannotReadAreRefusedAtOnce(Vertx vertx) {
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.update(table(1, 1, 1));
    assertThatThrownBy(() -> messenger.send(1, new java.util.Date()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("body: java.util.Date cannot be shared");
    assertThatThrownBy(() -> messenger.broadcast(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> messenger.send(1, new JsonObject().put("d", new java.util.Date())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> messenger.send(-1, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("slot must be >= 0, was -1");
    assertThatThrownBy(() -> messenger.request(1, "x", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void standaloneIsSlotZeroOfOneWithNoLauncher(Vertx vertx, VertxTestContext test) {
    Checkpoint replied = test.checkpoint();
    Checkpoint otherSlotFailed = test.checkpoint();
    Checkpoint launcherFailed = test.checkpoint();
    Messenger standalone = Messenger.standalone(vertx);
    standalone.<String>listen(m -> m.reply("pong " + Messenger.senderOf(m)))
        .compose(v -> Messenger.standalone(vertx).<String>request(0, "ping", LONG))
        .onComplete(test.succeeding(reply -> test.verify(() -> {
          assertThat(reply.body()).isEqualTo("pong 0");
          replied.flag();
        })));
    standalone.send(1, "x").onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).hasMessage("no READY worker in slot 1 (slots: 0=READY)");
      otherSlotFailed.flag();
    })));
    standalone.toLauncher("x", false, LONG).onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).hasMessageStartingWith("no launcher");
      launcherFailed.flag();
    })));
  }
}

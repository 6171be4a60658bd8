package io.clusterkit.verticles.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.verticles.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Messages that name another host, on one local Vert.x standing for the cluster: the host's
 * newest published table decides, a later launcher life replaces an earlier one, a host that
 * leaves fails the requests waiting on it, and without several hosts a host name fails at once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HostMessagingTest {

  private static JsonObject entry(String host, String member, long epoch, long version,
      int... readyGens) {
    JsonArray slots = new JsonArray();
    for (int gen : readyGens) {
      slots.add(gen > 0 ? new JsonObject().put("state", "READY").put("gen", gen)
          : new JsonObject().put("state", "STARTING"));
    }
    return new JsonObject().put("host", host).put("member", member).put("epoch", epoch)
        .put("address", "10.0.0.2").put("workers", new JsonArray())
        .put("table", new JsonObject().put("version", version).put("slots", slots));
  }

  @Test
  void aSendToAnotherHostGoesToTheReadyGenerationItsTableNames(Vertx vertx,
      VertxTestContext test) {
    HostTables tables = new HostTables(vertx);
    tables.take(entry("h2", "m2", 1, 3, 4, 7));
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.useHosts(tables);
    vertx.eventBus().consumer(Addresses.worker("h2", 1, 6), m -> test.failNow("old generation"));
    vertx.eventBus().<String>consumer(Addresses.worker("h2", 1, 7), m -> test.verify(() -> {
      assertThat(m.body()).isEqualTo("hi");
      assertThat(m.address()).isEqualTo("clusterkit.host.h2.worker.1.7");
      test.completeNow();
    })).completion().onComplete(test.succeeding(v -> messenger.send("h2", 1, "hi")));
  }

  @Test
  void aHostPublishedWhileTheDirectoryIsReadIsKeptAndOneTheDirectoryLostIsDropped(Vertx vertx,
      VertxTestContext test) {
    HostTables tables = new HostTables(vertx,
        () -> vertx.sharedData().getAsyncMap(Addresses.HOST_DIRECTORY));
    tables.take(entry("h1", "m1", 1, 1, 1));
    // h1 was held before the read began and the directory does not have it: gone. h3 is
    // published after the read began, before it answers (its directory write the read missed)
    io.vertx.core.Future<Void> read = tables.refresh();
    tables.take(entry("h3", "m3", 1, 1, 1));
    read.onComplete(test.succeeding(v -> test.verify(() -> {
      assertThat(tables.names()).containsExactly("h3");
      test.completeNow();
    })));
  }

  @Test
  void aSlotWithoutReadyWorkerOnAnotherHostFailsAtOnceNamingTheHost(Vertx vertx,
      VertxTestContext test) {
    HostTables tables = new HostTables(vertx);
    tables.take(entry("h2", "m2", 1, 3, 4, 0));
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.useHosts(tables);
    messenger.request("h2", 1, "hi", Duration.ofSeconds(20))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).hasMessage(
              "no READY worker in slot 1 (slots: 0=READY 1=STARTING) of host 'h2'");
          assertThat(((ReplyException) e).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
          test.completeNow();
        })));
  }

  @Test
  void aRequestWaitingOnAHostThatLeavesFailsAtOnce(Vertx vertx, VertxTestContext test) {
    HostTables tables = new HostTables(vertx);
    tables.take(entry("h2", "m2", 1, 3, 4));
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.useHosts(tables);
    vertx.eventBus().consumer(Addresses.worker("h2", 0, 4), m ->
        tables.take(new JsonObject().put("host", "h2").put("member", "m2").put("gone", true)))
        .completion().onComplete(test.succeeding(v -> messenger.request("h2", 0, "hi",
            Duration.ofSeconds(20)).onComplete(test.failing(e -> test.verify(() -> {
              assertThat(e).hasMessage("slot 0 gen 4 of host 'h2' is no longer READY (the host "
                  + "left the cluster)");
              assertThat(tables.names()).isEmpty();
              test.completeNow();
            })))));
  }

  @Test
  void theNewestEntryOfAHostWinsByLauncherLifeThenByVersion(Vertx vertx) {
    HostTables tables = new HostTables(vertx);
    tables.take(entry("h2", "m2", 10, 5, 3));
    tables.take(entry("h2", "m2", 10, 4, 2));
    assertThat(tables.held("h2").readyGen(0)).as("an older version is ignored").isEqualTo(3);
    tables.take(entry("h2", "m2b", 11, 1, 1));
    assertThat(tables.held("h2").readyGen(0)).as("a later launcher life wins").isEqualTo(1);
    tables.take(new JsonObject().put("host", "h2").put("member", "m2").put("gone", true));
    assertThat(tables.held("h2")).as("the earlier life's leaving removes nothing").isNotNull();
    tables.take(entry("h1", "m1", 1, 1, 1));
    assertThat(tables.names()).containsExactly("h1", "h2");
    tables.take(entry("h1", "m1-merged", 1, 1, 1));
    tables.take(new JsonObject().put("host", "h1").put("member", "m1").put("gone", true));
    assertThat(tables.held("h1")).as("the id a merge gave it replaces the old one").isNotNull();
  }

  @Test
  void aHostNameWithoutSeveralHostsFailsAtOnce(Vertx vertx, VertxTestContext test) {
    new Messenger(vertx, 0, 1).send("h2", 0, "hi").onComplete(test.failing(e -> test.verify(() -> {
      assertThat(e).hasMessage("no host 'h2': this launcher runs on its own (no -cluster-name)");
      test.completeNow();
    })));
  }

  @Test
  void theOwnHostMeansThisHostsSlotTable(Vertx vertx, VertxTestContext test) {
    Messenger messenger = new Messenger(vertx, 0, 1);
    messenger.update(new SlotTable(1, java.util.List.of(new SlotTable.Entry("READY", 2))));
    vertx.eventBus().<String>consumer(Addresses.worker(0, 2), m -> test.completeNow())
        .completion().onComplete(test.succeeding(v -> messenger.send(Addresses.host(), 0, "hi")));
  }
}

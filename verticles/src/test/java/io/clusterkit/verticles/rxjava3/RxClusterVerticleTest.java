package io.clusterkit.verticles.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusterkit.verticles.Addresses;
import io.reactivex.rxjava3.disposables.Disposable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RxClusterVerticle on a plain Vert.x behaves as ClusterVerticle does standalone: slot 0 of a
 * cluster of one, serving on {@code http.port}, its own messages reaching its Flowables, no
 * launcher; bad arguments throw at once, runtime failures are {@code onError}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class RxClusterVerticleTest {

  private static final Duration LONG = Duration.ofSeconds(10);

  /** Held by the test: Vert.x closes a client that is garbage-collected, mid-request or not. */
  private HttpClient client;

  private static void deploy(Vertx vertx, EchoRxVerticle verticle, boolean listen,
      VertxTestContext test, Runnable then) {
    JsonObject config = new JsonObject().put("http.port", 0).put("listen", listen);
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
        .onComplete(test.succeeding(id -> then.run()));
  }

  @Test
  void servesOnTheHttpPortKeyAsSlotZero(Vertx vertx, VertxTestContext test) {
    EchoRxVerticle verticle = new EchoRxVerticle();
    client = vertx.createHttpClient();
    deploy(vertx, verticle, true, test, () -> client
        .request(HttpMethod.GET, verticle.server.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send().compose(HttpClientResponse::body))
        .map(Buffer::toJsonObject)
        .onComplete(test.succeeding(json -> test.verify(() -> {
          assertThat(verticle.server.actualPort()).isPositive();
          assertThat(json.getInteger("worker")).isZero();
          assertThat(json.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
          assertThat(verticle.readySlots()).containsExactly(0);
          test.completeNow();
        }))));
  }

  @Test
  void aRequestToSlotZeroIsAnsweredThroughTheMessagesFlowableOfStart(Vertx vertx,
      VertxTestContext test) {
    EchoRxVerticle verticle = new EchoRxVerticle();
    deploy(vertx, verticle, true, test, () -> verticle.<String>request(0, "hi", LONG)
        .subscribe(reply -> test.verify(() -> {
          assertThat(reply.body()).isEqualTo("echo hi");
          assertThat(verticle.lastSender).isZero();
          test.completeNow();
        }), test::failNow));
  }

  @Test
  void aBroadcastReachesEverySubscribedFlowableWithItsSender(Vertx vertx,
      VertxTestContext test) {
    EchoRxVerticle verticle = new EchoRxVerticle();
    Checkpoint received = test.checkpoint(2);
    deploy(vertx, verticle, false, test, () -> {
      for (int i = 0; i < 2; i++) {
        verticle.<String>messages().subscribe(message -> test.verify(() -> {
          assertThat(message.body()).isEqualTo("to all");
          assertThat(message.address()).isEqualTo(Addresses.WORKERS);
          assertThat(RxClusterVerticle.senderOf(message)).isZero();
          received.flag();
        }), test::failNow);
      }
      verticle.broadcast("to all").subscribe(() -> { }, test::failNow);
    });
  }

  @Test
  void cancellingTheMessagesFlowableUnregistersItsConsumers(Vertx vertx, VertxTestContext test) {
    EchoRxVerticle verticle = new EchoRxVerticle();
    deploy(vertx, verticle, false, test, () -> {
      Disposable subscription = verticle.<String>messages()
          .subscribe(message -> message.reply("yes"), test::failNow);
      verticle.<String>request(0, "there?", LONG)
          .doOnSuccess(reply -> test.verify(() -> assertThat(reply.body()).isEqualTo("yes")))
          .doOnSuccess(reply -> subscription.dispose())
          .flatMap(reply -> verticle.<String>request(0, "still there?", LONG))
          .subscribe(reply -> test.failNow("answered after cancel: " + reply.body()),
              e -> test.verify(() -> {
                assertThat(e).isInstanceOf(ReplyException.class);
                assertThat(((ReplyException) e).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
                test.completeNow();
              }));
    });
  }

  @Test
  void theLauncherAndOtherSlotsAreErrorsAndBadArgumentsThrowAtOnce(Vertx vertx,
      VertxTestContext test) {
    EchoRxVerticle verticle = new EchoRxVerticle();
    Checkpoint failed = test.checkpoint(3);
    deploy(vertx, verticle, true, test, () -> {
      test.verify(() -> {
        assertThatThrownBy(() -> verticle.send(0, new java.util.Date()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("body: ");
        assertThatThrownBy(() -> verticle.request(-1, "x", LONG))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("slot must be >= 0, was -1");
        assertThatThrownBy(() -> verticle.request(0, "x", Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verticle.<Object, String>sharedMap("m")
            .put(new java.util.Date(), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verticle.lock("l", Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
      });
      verticle.sendToLauncher("hello").subscribe(() -> test.failNow("sent"),
          e -> test.verify(() -> {
            assertThat(e).hasMessageStartingWith("no launcher: this verticle runs standalone");
            failed.flag();
          }));
      verticle.send(1, "hello").subscribe(() -> test.failNow("sent"),
          e -> test.verify(() -> {
            assertThat(e).hasMessageStartingWith("no READY worker in slot 1");
            failed.flag();
          }));
      verticle.requestLauncher("hello", LONG).subscribe(m -> test.failNow("answered"),
          e -> test.verify(() -> {
            assertThat(e).isInstanceOf(ReplyException.class);
            failed.flag();
          }));
    });
  }
}

package io.clusterkit.verticles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Worker#current()} from a plain verticle outside a ClusterKit worker: slot 0 of one. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WorkerTest {

  /** A verticle that knows nothing of ClusterVerticle. */
  static final class Plain extends AbstractVerticle {
    volatile Worker worker;

    @Override
    public void start(Promise<Void> started) {
      worker = Worker.current();
      worker.counter("plain-hits").incrementAndGet().<Void>mapEmpty().onComplete(started);
    }
  }

  @Test
  void plainVerticleGetsTheStandaloneWorker(Vertx vertx, VertxTestContext test) {
    Plain plain = new Plain();
    vertx.deployVerticle(plain)
        .compose(id -> Worker.of(vertx).counter("plain-hits").get())
        .onComplete(test.succeeding(hits -> test.verify(() -> {
          assertThat(plain.worker.workerId()).isZero();
          assertThat(plain.worker.pid()).isEqualTo(ProcessHandle.current().pid());
          assertThat(plain.worker.vertx()).isSameAs(vertx);
          assertThat(plain.worker.readySlots()).containsExactly(0);
          assertThat(hits).as("the counter the verticle incremented").isEqualTo(1L);
          test.completeNow();
        })));
  }

  @Test
  void currentOffAVertxThreadSaysWhatToUse() {
    assertThatThrownBy(Worker::current).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Worker.of(vertx)");
  }
}

package io.clusterkit.state;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link SharedLockContract} on a plain, local Vert.x, one per test. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SharedLockTest extends SharedLockContract {

  private Vertx vertx;

  @BeforeEach
  void useTheTestsVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  protected Vertx holder() {
    return vertx;
  }

  @Override
  protected Vertx contender() {
    return vertx;
  }
}

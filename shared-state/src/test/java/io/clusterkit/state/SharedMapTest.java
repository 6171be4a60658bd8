package io.clusterkit.state;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The {@link SharedMapContract} on a plain, local Vert.x, one per test. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class SharedMapTest extends SharedMapContract {

  private Vertx vertx;

  @BeforeEach
  void useTheTestsVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  protected Vertx writer() {
    return vertx;
  }

  @Override
  protected Vertx reader() {
    return vertx;
  }

  @Override
  protected long expiryLatenessMillis() {
    return 1_000; // a Vert.x timer removes the entry; allow for a busy machine
  }
}

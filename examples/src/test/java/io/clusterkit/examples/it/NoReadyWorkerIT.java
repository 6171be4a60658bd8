package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With no READY worker, a new connection waits (bounded), then gets a 503: never a reset. */
@Timeout(120)
class NoReadyWorkerIT {

  private LauncherProcess launcher;

  @AfterEach
  void cleanUp() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void connectionWaitsForTheQueueTimeoutThenGets503() throws Exception {
    launcher = LauncherProcess.start("-workers", "1", "-host", "127.0.0.1", "-port", "0",
        "-grace", "1", "-queue-timeout", "1.5", "-conf", "{\"startDelayMs\": 120000}",
        "-cp", LauncherProcess.TEST_CLASSES.toString(),
        "io.clusterkit.examples.it.SlowStartVerticle");
    int port = launcher.awaitListening();
    long started = System.nanoTime();
    RawHttp.Response response = RawHttp.get(port, "/");
    long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("connection", "close")
        .containsKey("retry-after");
    assertThat(waitedMs).as("waited for a READY worker first").isGreaterThanOrEqualTo(1400);
  }
}

package io.clusterkit.launcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.WorkerExit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCauseTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "reload: replaced by gen 3|reload",
      "health check GET /healthz failed 3 times: 503|health_check",
      "no heartbeat for 3012 ms|heartbeat",
      "event loop blocked for 2500 ms (over -max-blocked 2000 ms)|blocked",
      "heap after GC 130 MB over -max-memory 100 MB: replaced by gen 2|memory",
      "served 1000 requests (-max-requests 1000): replaced by gen 2|max_requests",
      "restart requested: replaced by gen 2|restart",
      "scaled down to 2|scale",
      "stop requested|stop",
      "another worker failed to boot|other",
      "null|other"})
  void plannedExitsAreClassifiedByTheirReason(String reason, String cause) {
    assertThat(ExitCause.of(new WorkerExit(0, 1, 42, 0, 0, true, reason))).isEqualTo(cause);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {"null", "stop requested"})
  void everyUnplannedExitIsACrash(String reason) {
    assertThat(ExitCause.of(new WorkerExit(0, 1, 42, 137, 9, false, reason))).isEqualTo("crash");
  }
}

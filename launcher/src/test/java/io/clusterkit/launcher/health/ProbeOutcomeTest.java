package io.clusterkit.launcher.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What passes a health check, and how a failed one is described. */
class ProbeOutcomeTest {

  @ParameterizedTest(name = "{0} passes: {1}")
  @CsvSource({"100, false", "199, false", "200, true", "204, true", "301, true", "399, true",
      "400, false", "404, false", "500, false", "503, false"})
  void twoHundredsAndThreeHundredsPass(int status, boolean passes) {
    ProbeOutcome outcome = ProbeOutcome.ofStatus(status);
    assertThat(outcome.passed()).isEqualTo(passes);
    assertThat(outcome.detail()).isEqualTo(Integer.toString(status));
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new TimeoutException("The timeout period of 2000ms has been exceeded"),
            "timed out after 2000 ms"),
        Arguments.of(new ConnectException("Connection refused"), "connection refused"),
        Arguments.of(new VertxException("connect(..) failed: Connection refused"),
            "connection refused"),
        Arguments.of(new VertxException("connect(..) failed: No such file or directory"),
            "connection refused"),
        Arguments.of(new HttpClosedException("Connection was closed"),
            "connection closed before an answer"),
        Arguments.of(new VertxException("Connection reset by peer"),
            "connection closed before an answer"),
        Arguments.of(new IllegalStateException("something else"), "something else"),
        Arguments.of(new IllegalStateException(), "IllegalStateException"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("failures")
  void failureWithoutAnAnswerIsDescribedShortly(Throwable cause, String detail) {
    ProbeOutcome outcome = ProbeOutcome.ofFailure(cause, 2000);
    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.detail()).isEqualTo(detail);
  }

  @Test
  void workerWithoutAServerFails() {
    assertThat(ProbeOutcome.noServer().passed()).isFalse();
    assertThat(ProbeOutcome.noServer().detail()).contains("never called serve()");
  }
}

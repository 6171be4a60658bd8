package io.clusterkit.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The DURATION values of the command line: units, bare seconds, and one-line refusals. */
class DurationsTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({"250ms, 250", "10s, 10000", "1.5s, 1500", "5m, 300000", "1h, 3600000",
      "30, 30000", "0.1, 100", "0, 0", "' 2S ', 2000"})
  void readsEachUnitAndBareSeconds(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "soon", "-5s", "10 s", "5d", "1e3", "s", ".5s"})
  void refusesAnythingElseNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be a duration such as 500ms, 10s, 5m or 1h, was '" + text + "'");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"99999999999999h"})
  void refusesWhatDoesNotFitInNanoseconds(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessage("must be shorter than 292 years, was '" + text + "'");
  }
}

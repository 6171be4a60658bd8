package io.clusterkit.launcher.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding Java's exit values (128 + N for signal N) and describing them for log lines. */
class ExitStatusTest {

  @ParameterizedTest(name = "exit value {0} -> signal {1}")
  @CsvSource({
      "0, 0, false",
      "1, 0, false",
      "3, 0, false",
      "127, 0, false",
      "128, 0, false",
      "129, 1, true",
      "137, 9, true",
      "143, 15, true",
      "192, 64, true",
      "193, 0, false",
      "255, 0, false",
      "-1, 0, false"
  })
  void exitValueAbove128DecodesAsSignal(int exitValue, int signal, boolean signalled) {
    ExitStatus status = ExitStatus.fromExitValue(exitValue);

    assertThat(status.code()).as("code").isEqualTo(exitValue);
    assertThat(status.signal()).as("signal").isEqualTo(signal);
    assertThat(status.signalled()).as("signalled").isEqualTo(signalled);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0   | exit code 0 (OK)",
      "3   | exit code 3 (OUT_OF_MEMORY)",
      "4   | exit code 4 (BOOT_FAILED)",
      "8   | exit code 8 (FORCED_STOP)",
      "42  | exit code 42",
      "129 | signal 1 (HUP)",
      "130 | signal 2 (INT)",
      "131 | signal 3 (QUIT)",
      "134 | signal 6 (ABRT)",
      "137 | signal 9 (KILL)",
      "138 | signal 10 (USR1)",
      "139 | signal 11 (SEGV)",
      "140 | signal 12 (USR2)",
      "141 | signal 13 (PIPE)",
      "143 | signal 15 (TERM)",
      "148 | signal 20"
  })
  void describeNamesExitCodesAndSignals(int exitValue, String description) {
    assertThat(ExitStatus.fromExitValue(exitValue).describe()).isEqualTo(description);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"3, 0, true", "3, 9, false", "1, 0, false"})
  void exitedWithMatchesOnlyAnUnsignalledCode(int code, int signal, boolean matches) {
    assertThat(new ExitStatus(code, signal).exitedWith(3)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "signal {0}")
  @ValueSource(ints = {-1, 65})
  void signalOutOfRangeIsRejected(int signal) {
    assertThatThrownBy(() -> new ExitStatus(0, signal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signal must be in 0..64, was " + signal);
  }
}

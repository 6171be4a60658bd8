package io.clusterkit.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The -log-dir options: defaults, and each bad value refused at once, naming the option. */
class LogOptionsTest {

  @Test
  void defaultsAreTextTenMegabytesFourteenDaysAndAHundredMegabytes() {
    LogOptions options = new LogOptions(Path.of("logs"));
    assertThat(options.getDir()).isEqualTo(Path.of("logs").toAbsolutePath());
    assertThat(options.getFormat()).isEqualTo("text");
    assertThat(options.isJson()).isFalse();
    assertThat(options.getMaxFileSize()).isEqualTo(10L * 1024 * 1024);
    assertThat(options.getMaxHistory()).isEqualTo(14);
    assertThat(options.getTotalSizeCap()).isEqualTo(100L * 1024 * 1024);
    assertThat(new LauncherOptions().getLogs()).as("stdout by default").isNull();
  }

  @Test
  void formatIsTextOrJson() {
    assertThat(new LogOptions(Path.of("l")).setFormat("json").isJson()).isTrue();
    assertThatThrownBy(() -> new LogOptions(Path.of("l")).setFormat("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log-format must be text or json, was 'xml'");
  }

  @Test
  void limitsAreRefusedBelowTheirMinimum() {
    LogOptions options = new LogOptions(Path.of("l"));
    assertThatThrownBy(() -> options.setMaxFileSize(1023))
        .hasMessage("log-max-size must be >= 1024 bytes, was 1023");
    assertThatThrownBy(() -> options.setMaxHistory(0))
        .hasMessage("log-max-history must be >= 1 day, was 0");
    options.setMaxFileSize(4096);
    assertThatThrownBy(() -> options.setTotalSizeCap(4095))
        .hasMessage("log-total-size must be >= log-max-size (4096 bytes), was 4095");
  }

  @Test
  void aMaximumFileSizeAboveTheCapRaisesTheCap() {
    LogOptions options = new LogOptions(Path.of("l")).setMaxFileSize(200L * 1024 * 1024);
    assertThat(options.getTotalSizeCap()).isEqualTo(200L * 1024 * 1024);
  }

  @Test
  void launcherOptionsCopyTheirLogOptions() {
    LogOptions logs = new LogOptions(Path.of("l")).setFormat("json");
    LauncherOptions options = new LauncherOptions().setLogs(logs);
    logs.setFormat("text");
    assertThat(options.getLogs().getFormat()).isEqualTo("json");
    assertThat(new LauncherOptions(options).getLogs().getFormat()).isEqualTo("json");
  }
}

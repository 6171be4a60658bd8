package io.clusterkit.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Descriptor figures from /proc: the limits line parsed, this process's own read. */
class DescriptorsTest {

  @Test
  void limitsLineGivesSoftAndHard() {
    List<String> lines = List.of(
        "Limit                     Soft Limit           Hard Limit           Units     ",
        "Max processes             63841                63841                processes ",
        "Max open files            1024                 524288               files     ");

    assertThat(Descriptors.limits(lines)).containsExactly(1024L, 524288L);
    assertThat(Descriptors.limits(List.of("Max open files            unlimited            "
        + "unlimited            files"))).containsExactly(Long.MAX_VALUE, Long.MAX_VALUE);
    assertThat(Descriptors.limits(List.of("Max processes 1 1 processes"))).isNull();
  }

  @Test
  void thisProcessRunsAtItsHardLimitWithSomeDescriptorsOpen() {
    Descriptors self = Descriptors.of(ProcessHandle.current().pid());

    assertThat(self).isNotNull();
    assertThat(self.open()).isPositive();
    assertThat(self.soft()).as("the JVM raised its soft limit (MaxFDLimit)")
        .isEqualTo(self.hard());
    assertThat(self.toJson().getInteger("open")).isEqualTo(self.open());
    assertThat(Descriptors.of(Long.MAX_VALUE)).isNull();
  }
}

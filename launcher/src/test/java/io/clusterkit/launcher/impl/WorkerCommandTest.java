package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.LauncherOptions;
import io.clusterkit.launcher.process.WorkerJvm;
import io.clusterkit.launcher.process.WorkerSpec;
import io.clusterkit.sticky.RouterMode;
import io.clusterkit.sticky.WorkerTransport;
import io.clusterkit.verticles.protocol.WorkerEnv;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker JVM's command line: the defaults, the user's flags after them, a spare's warm-up. */
class WorkerCommandTest {

  private static WorkerCommand command(LauncherOptions options) {
    return new WorkerCommand(options.setVerticle("com.example.App"), "test-cluster",
        "127.0.0.1:5701", Path.of("/tmp/clusterkit-test"), RouterMode.HANDOFF,
        WorkerTransport.EPOLL, () -> 8080, ClassArchives.off("not in a unit test"),
        WorkerJvm.current());
  }

  @Test
  void defaultsComeFirstAndTheUsersFlagsAfterThem() {
    List<String> jvm = command(new LauncherOptions().addWorkerJvmOptions(List.of("-Xmx128m")))
        .spec(0, 1).jvmOptions();

    assertThat(jvm).contains("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    assertThat(jvm.indexOf("-Xmx128m")).as("the user's -Xmx after the default, so it wins: %s", jvm)
        .isGreaterThan(jvm.indexOf("-Xmx256m"));
    assertThat(jvm.indexOf("-XX:+UseSerialGC")).isLessThan(jvm.indexOf("-Xmx128m"));
  }

  @Test
  void usersCollectorReplacesTheSerialOne() {
    List<String> jvm = command(new LauncherOptions().addWorkerJvmOptions(List.of("-XX:+UseG1GC")))
        .spec(0, 1).jvmOptions();

    assertThat(jvm).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
  }

  @Test
  void largeUserHeapKeepsTheJvmsCollector() {
    List<String> jvm = command(new LauncherOptions().addWorkerJvmOptions(List.of("-Xmx2g")))
        .spec(0, 1).jvmOptions();

    assertThat(jvm).noneMatch(option -> option.matches("-XX:[+-]Use\\w*GC"));
  }

  @Test
  void maxMemoryKeepsTheJvmsCollector() {
    List<String> jvm = command(new LauncherOptions().setMaxMemory(100L * 1024 * 1024))
        .spec(0, 1).jvmOptions();

    assertThat(jvm).doesNotContain("-XX:+UseSerialGC");
  }

  @Test
  void spareWarmsUpForTheTimeItIsGiven() {
    WorkerSpec spare = command(new LauncherOptions()).spareSpec(3, List.of(), 5_000);

    assertThat(spare.environment()).containsEntry(WorkerEnv.SPARE, "3")
        .containsEntry(WorkerEnv.SPARE_WARMUP, "5000");
  }

  @Test
  void spareWithoutWarmupHasNoWarmupVariable() {
    WorkerSpec spare = command(new LauncherOptions()).spareSpec(3, List.of(), 0);

    assertThat(spare.environment()).containsEntry(WorkerEnv.SPARE, "3")
        .doesNotContainKey(WorkerEnv.SPARE_WARMUP);
  }

  @Test
  void workerStartedForASlotNeverWarmsUp() {
    WorkerSpec worker = command(new LauncherOptions()).spec(0, 1);

    assertThat(worker.environment()).doesNotContainKeys(WorkerEnv.SPARE, WorkerEnv.SPARE_WARMUP);
  }
}

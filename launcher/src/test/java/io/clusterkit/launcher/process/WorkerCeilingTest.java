package io.clusterkit.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worker ceiling: the lower of the cores' and the memory's bound, and the soft line. */
class WorkerCeilingTest {

  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @ParameterizedTest(name = "{0} cores, {1} MiB, {2} MiB heaps -> {3}")
  @CsvSource({
      // cores bound: 8 per core
      "2,  24576,  256, 16",
      "1,  65536,  256, 8",
      "64, 1048576, 256, 512",
      // memory bound: memory / (heap + 128 MiB) - 1 for the launcher
      "16, 4096,   256, 9",
      "2,  2048,   1024, 0",
      "8,  8192,   2048, 2",
      "2,  512,    256, 0",
  })
  void ceilingIsTheLowerOfCoresAndMemory(int cores, long memoryMib, long heapMib, int expected) {
    int hard = WorkerCeiling.derive(cores, memoryMib * MIB, heapMib * MIB).hard();
    // a machine too small for two JVMs still runs one worker: the operator asked for it
    assertThat(hard).isEqualTo(Math.max(1, expected));
  }

  @Test
  void softLineIsTwoWorkersPerCore() {
    WorkerCeiling ceiling = WorkerCeiling.derive(2, 24 * GIB, 256 * MIB);

    assertThat(ceiling.soft()).isEqualTo(4);
    assertThat(ceiling.warning(4)).isNull();
    assertThat(ceiling.warning(5)).isEqualTo(
        "5 workers on 2 cores is more than 2 per core: they will compete for CPU and memory");
  }

  @Test
  void refusalNamesTheCeilingItsBasisAndTheWayToRaiseIt() {
    WorkerCeiling cores = WorkerCeiling.derive(2, 24 * GIB, 256 * MIB);
    WorkerCeiling memory = WorkerCeiling.derive(16, 4 * GIB, 256 * MIB);

    assertThat(cores.refusal(16)).isNull();
    assertThat(cores.refusal(100_000)).isEqualTo("100000 workers is over the ceiling of 16 on "
        + "this machine (2 cores x 8); -max-workers N raises it");
    assertThat(memory.refusal(10)).isEqualTo("10 workers is over the ceiling of 9 on this "
        + "machine (4 GiB of memory for workers of 256 MiB heap + 128 MiB each, the launcher "
        + "counted as one); -max-workers N raises it");
  }

  @Test
  void explicitCeilingWinsInBothDirectionsAndKeepsTheSoftLine() {
    WorkerCeiling raised = WorkerCeiling.explicit(1000, 2);

    assertThat(raised.hard()).isEqualTo(1000);
    assertThat(raised.refusal(1000)).isNull();
    assertThat(raised.warning(5)).isNotNull();
    assertThat(WorkerCeiling.explicit(1, 2).refusal(2)).endsWith("(-max-workers); "
        + "-max-workers N raises it");
    assertThatThrownBy(() -> WorkerCeiling.explicit(0, 2))
        .hasMessage("max-workers must be >= 1, was 0");
  }

  @Test
  void forThisMachineTakesTheOperatorsCeilingAsIs() {
    assertThat(WorkerCeiling.forThisMachine(3, List.of(), "256m").hard()).isEqualTo(3);
    assertThat(WorkerCeiling.forThisMachine(0, List.of(), "256m").hard()).isPositive();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''                               | 268435456",
      "-Xmx1g                           | 1073741824",
      "-Xmx512m -Xss1m                  | 536870912",
      "-Xmx1g -Xmx2g                    | 2147483648",
      "-XX:MaxHeapSize=64m              | 67108864",
      "-Xmx100000k                      | 102400000",
      "-Xmxbogus                        | 268435456",
      "-Xms1g                           | 268435456",
  })
  void heapIsTheLastXmxOfTheWorkerFlags(String flags, long bytes) {
    List<String> options = flags.isBlank() ? List.of() : List.of(flags.trim().split(" +"));

    assertThat(WorkerCeiling.heapOf(options, "256m")).isEqualTo(bytes);
  }
}

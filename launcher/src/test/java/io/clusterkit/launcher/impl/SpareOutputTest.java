package io.clusterkit.launcher.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.process.WorkerOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A spare's output goes to the launcher's streams until it is given a slot, then the slot's. */
class SpareOutputTest {

  private final List<String> slotLines = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final WorkerOutput slots = (slot, gen, pid, stderr) ->
      line -> slotLines.add(slot + "/" + gen + "/" + pid + (stderr ? " err " : " out ") + line);
  private final SpareOutput output = new SpareOutput(slots,
      new PrintStream(out, true, StandardCharsets.UTF_8),
      new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void aWorkerStartedForASlotWritesWhereTheSlotsGo() {
    output.lines(2, 5, 4711, false).accept("hello");

    assertThat(slotLines).containsExactly("2/5/4711 out hello");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aSpareWritesPrefixedToTheLauncherThenToItsSlotOnceGivenOne() {
    Consumer<String> stdout = output.lines(-1, 3, 4800, false);
    Consumer<String> stderr = output.lines(-1, 3, 4800, true);
    stdout.accept("joined");
    stderr.accept("warning");

    output.assign(4800, 1, 7);
    stdout.accept("deployed");
    stderr.accept("oops");

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[spare 3:4800] joined"
        + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("[spare 3:4800] warning"
        + System.lineSeparator());
    assertThat(slotLines).containsExactly("1/7/4800 out deployed", "1/7/4800 err oops");
  }
}

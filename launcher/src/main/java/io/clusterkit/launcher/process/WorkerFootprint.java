package io.clusterkit.launcher.process;

import java.util.List;
import java.util.Objects;

/**
 * The flags that keep an idle worker JVM small, kept because they were measured to save memory
 * without costing throughput or boot time (see {@code bench/footprint_bench.py}): the serial
 * collector for small heaps, where G1's remembered sets, marking bitmaps and threads cost more
 * than its concurrent collection brings. A flag the user's own worker flags already decide is
 * left out, so theirs stand alone; the others come before the user's flags, which win. With
 * {@code -max-memory} the JVM's G1 stays: the serial collector leaves garbage in the old
 * generation until it is full, so the heap after a young collection would overstate what is
 * live and recycle workers that do not leak.
 */
public final class WorkerFootprint {

  /** The largest heap the serial collector is chosen for; a larger one keeps the JVM's G1. */
  public static final long SERIAL_GC_MAX_HEAP = 512L * 1024 * 1024;

  private WorkerFootprint() {
  }

  /**
   * The footprint flags for a worker with these user flags.
   *
   * @param userOptions the user's worker flags ({@code -worker-opts})
   * @param defaultHeap the workers' heap without an {@code -Xmx}, as the JVM writes it ("256m")
   * @param heapWatched whether {@code -max-memory} judges the workers' heap after GC
   * @return flags to place before the user's
   */
  public static List<String> defaults(List<String> userOptions, String defaultHeap,
      boolean heapWatched) {
    Objects.requireNonNull(userOptions, "userOptions");
    if (heapWatched || choosesCollector(userOptions)
        || WorkerCeiling.heapOf(userOptions, defaultHeap) > SERIAL_GC_MAX_HEAP) {
      return List.of();
    }
    return List.of("-XX:+UseSerialGC");
  }

  /**
   * Says whether the flags pick a garbage collector: two {@code -XX:+Use...GC} flags make the
   * JVM refuse to start, so a user's choice must stand alone.
   *
   * @param options JVM flags
   * @return true when one of them turns a collector on or off
   */
  static boolean choosesCollector(List<String> options) {
    return options.stream().anyMatch(option -> option.matches("-XX:[+-]Use\\w*GC"));
  }
}

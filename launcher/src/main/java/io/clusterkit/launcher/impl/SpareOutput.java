package io.clusterkit.launcher.impl;

import io.clusterkit.launcher.process.WorkerOutput;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where worker output goes when some workers start as spares: a worker started for a slot
 * writes to the cluster's output as before; a spare, which has no slot yet, writes to the
 * launcher's own streams prefixed {@code [spare N:pid]}, and from the moment it is given a slot
 * to that slot's output, like any worker of the slot.
 */
final class SpareOutput implements WorkerOutput {

  private final WorkerOutput slots;
  private final PrintStream out;
  private final PrintStream err;
  /** Each spare's two streams, by pid, until it is given a slot. */
  private final Map<Long, Switch[]> waiting = new ConcurrentHashMap<>();

  SpareOutput(WorkerOutput slots, PrintStream out, PrintStream err) {
    this.slots = slots;
    this.out = out;
    this.err = err;
  }

  @Override
  public Consumer<String> lines(int slot, int gen, long pid, boolean stderr) {
    if (slot >= 0) {
      return slots.lines(slot, gen, pid, stderr);
    }
    String prefix = "[spare " + gen + ":" + pid + "] ";
    PrintStream to = stderr ? err : out;
    Switch lines = new Switch(line -> to.println(prefix + line));
    waiting.computeIfAbsent(pid, p -> new Switch[2])[stderr ? 1 : 0] = lines;
    return lines;
  }

  /**
   * Sends a spare's lines, from now on, where its slot's go.
   *
   * @param pid the spare's process id
   * @param slot the slot it was given
   * @param gen its generation there
   */
  void assign(long pid, int slot, int gen) {
    Switch[] streams = waiting.remove(pid);
    if (streams != null) {
      for (int i = 0; i < 2; i++) {
        if (streams[i] != null) {
          streams[i].target = slots.lines(slot, gen, pid, i == 1);
        }
      }
    }
  }

  /** Forgets a spare that exited without a slot. */
  void forget(long pid) {
    waiting.remove(pid);
  }

  /** A stream's lines, going wherever its process belongs now. */
  private static final class Switch implements Consumer<String> {
    private volatile Consumer<String> target;

    Switch(Consumer<String> target) {
      this.target = target;
    }

    @Override
    public void accept(String line) {
      target.accept(line);
    }
  }
}

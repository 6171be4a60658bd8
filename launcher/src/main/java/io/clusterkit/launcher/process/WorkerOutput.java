package io.clusterkit.launcher.process;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Where the lines of the workers' standard output and error go: the launcher's own streams,
 * or one file per slot ({@code -log-dir}).
 */
public interface WorkerOutput {

  /**
   * Gives where one stream of one worker process goes.
   *
   * @param slot the worker's slot
   * @param gen its generation within the slot
   * @param pid its process id
   * @param stderr whether the stream is its standard error
   * @return a consumer of its lines, safe to call from the stream's own thread
   */
  Consumer<String> lines(int slot, int gen, long pid, boolean stderr);

  /**
   * The launcher's streams, each line prefixed with {@code [slot:pid]}.
   *
   * @param out where standard output lines go
   * @param err where standard error lines go
   * @return the output
   */
  static WorkerOutput console(PrintStream out, PrintStream err) {
    return (slot, gen, pid, stderr) -> {
      String prefix = "[" + slot + ":" + pid + "] ";
      PrintStream to = stderr ? err : out;
      return line -> to.println(prefix + line);
    };
  }
}

package io.clusterkit.launcher.process;

import io.clusterkit.verticles.protocol.WorkerEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Copies a worker's stdout or stderr to the launcher's, each line prefixed with the worker's
 * slot and pid, on a thread of its own. Completes when the stream ends.
 */
final class OutputPump {

  private OutputPump() {
  }

  /**
   * Starts copying.
   *
   * @param in the worker's stream
   * @param out where lines go
   * @param prefix what every line starts with
   * @param onBootFailure told the reason when the worker reports a boot failure
   * @return a future completed at the end of the stream
   */
  static CompletableFuture<Void> start(InputStream in, PrintStream out, String prefix,
      Consumer<String> onBootFailure) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith(WorkerEnv.BOOT_FAILURE_MARKER)) {
            String reason = line.substring(WorkerEnv.BOOT_FAILURE_MARKER.length());
            onBootFailure.accept(reason);
            line = "boot failed: " + reason;
          }
          out.println(prefix + line);
        }
      } catch (IOException e) {
        // the stream broke: the process is gone, which the exit handling reports
      } finally {
        done.complete(null);
      }
    }, "clusterkit-output-" + prefix.trim());
    thread.setDaemon(true);
    thread.start();
    return done;
  }
}

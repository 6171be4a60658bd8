package io.clusterkit.launcher.process;

import io.clusterkit.verticles.protocol.WorkerEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Reads a worker's stdout or stderr line by line, on a thread of its own, and gives each line
 * to where the worker's output goes ({@link WorkerOutput}). Completes when the stream ends.
 */
final class OutputPump {

  private OutputPump() {
  }

  /**
   * Starts copying.
   *
   * @param in the worker's stream
   * @param out where lines go
   * @param name the worker and stream, for the thread's name
   * @param onBootFailure told the reason when the worker reports a boot failure
   * @return a future completed at the end of the stream
   */
  static CompletableFuture<Void> start(InputStream in, Consumer<String> out, String name,
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
          out.accept(line);
        }
      } catch (IOException e) {
        // the stream broke: the process is gone, which the exit handling reports
      } finally {
        done.complete(null);
      }
    }, "clusterkit-output-" + name);
    thread.setDaemon(true);
    thread.start();
    return done;
  }
}

package io.clusterkit.launcher.cli;

import io.clusterkit.launcher.admin.AdminClient;
import io.clusterkit.verticles.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The live terminal view of {@code monit} and {@code status -watch}, like {@code top}: the
 * status table with requests/s, latency, errors and CPU, redrawn every second from the admin
 * API on a cleared screen; {@code q} (or Ctrl-C) leaves it and gives the terminal back as it
 * was.
 */
final class LiveView {

  /** Clear the screen and move home. */
  private static final String CLEAR = "\033[H\033[2J";
  private static final String ALTERNATE_SCREEN = "\033[?1049h\033[?25l";
  private static final String NORMAL_SCREEN = "\033[?25h\033[?1049l";

  private LiveView() {
  }

  /**
   * Runs the view until {@code q}, the end of the input, or the launcher going away.
   *
   * @param selector which launcher
   * @param out where the table goes
   * @param err where a failure goes
   * @param in the keys
   * @param interval between two redraws
   * @return the exit code: 0 after {@code q}, else why the launcher could not be read
   */
  static int run(LauncherSelector selector, PrintWriter out, PrintWriter err, InputStream in,
      Duration interval) {
    BlockingQueue<Integer> keys = new ArrayBlockingQueue<>(64);
    Thread reader = new Thread(() -> {
      try {
        int key;
        while ((key = in.read()) >= 0) {
          keys.offer(key);
        }
      } catch (IOException e) {
        // the terminal went away: the view ends as at the end of input
      }
      keys.offer(-1);
    }, "clusterkit-monit-keys");
    reader.setDaemon(true);
    TerminalMode mode = TerminalMode.keys(() -> {
      out.print(NORMAL_SCREEN);
      out.flush();
    });
    reader.start();
    out.print(ALTERNATE_SCREEN);
    int[] code = {ExitCodes.OK};
    try {
      while (true) {
        AdminClient.Reply reply = selector.call("GET", "/status", null, Duration.ofSeconds(5),
            err, code);
        if (reply == null) {
          return code[0];
        }
        out.print(CLEAR);
        out.print("ClusterKit monit, " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + "  (q to quit)\n");
        out.print(StatusTable.format(reply.json(), true));
        out.flush();
        Integer key = keys.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null && (key == 'q' || key == 'Q' || key == -1 || key == 3)) {
          return ExitCodes.OK;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.OK;
    } finally {
      mode.restore();
      err.flush();
    }
  }
}

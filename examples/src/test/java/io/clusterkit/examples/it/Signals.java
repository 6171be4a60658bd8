package io.clusterkit.examples.it;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Sends a Unix signal to a process by pid, with the system's {@code kill}. */
final class Signals {

  private Signals() {
  }

  static void send(long pid, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " failed: "
          + new String(kill.getInputStream().readAllBytes()));
    }
  }
}

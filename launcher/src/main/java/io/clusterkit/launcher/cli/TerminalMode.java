package io.clusterkit.launcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The terminal's mode while {@code monit} runs, set and restored with {@code stty} on
 * {@code /dev/tty}: keys arrive one at a time and are not echoed, Ctrl-C still interrupts; the
 * saved settings come back at {@link #restore()}, which a shutdown hook also runs, so an
 * interrupted view leaves the terminal as it found it. Without a terminal it changes nothing.
 */
final class TerminalMode {

  private final String saved;
  private final Runnable leave;
  private volatile boolean restored;

  private TerminalMode(String saved, Runnable leave) {
    this.saved = saved;
    this.leave = leave;
  }

  /**
   * Puts the terminal in key-at-a-time mode.
   *
   * @param leave what to undo on the screen when the view ends, however it ends (Ctrl-C
   *     included)
   * @return the mode to restore, one that only runs {@code leave} when there is no terminal
   */
  static TerminalMode keys(Runnable leave) {
    String saved = stty("-g");
    TerminalMode mode = new TerminalMode(saved == null || stty("-icanon -echo min 1") == null
        ? null : saved, leave);
    Runtime.getRuntime().addShutdownHook(new Thread(mode::restore, "clusterkit-tty-restore"));
    return mode;
  }

  /** Undoes the screen and restores the settings saved at the start; idempotent. */
  synchronized void restore() {
    if (restored) {
      return;
    }
    restored = true;
    leave.run();
    if (saved != null) {
      stty(saved);
    }
  }

  /** @return stty's output, or null when it failed (no terminal, no stty) */
  private static String stty(String args) {
    try {
      Process process = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty")
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .trim();
      if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

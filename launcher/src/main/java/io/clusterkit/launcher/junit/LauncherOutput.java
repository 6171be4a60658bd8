package io.clusterkit.launcher.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher's standard output and error, read line by line as they come, echoed to the test's
 * own output with the launcher's pid, and kept for the tests whose subject is the output itself.
 */
final class LauncherOutput {

  private final List<String> lines = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private final List<Thread> pumps = new ArrayList<>();

  LauncherOutput(Process process) {
    pumps.add(pump(process, process.getInputStream(), false));
    pumps.add(pump(process, process.getErrorStream(), true));
  }

  /** Waits until every line of an exited process has been read (its pipes at end of stream). */
  void drain() {
    for (Thread pump : pumps) {
      try {
        pump.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Thread pump(Process process, InputStream in, boolean isErr) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          synchronized (this) {
            lines.add(line);
            if (isErr) {
              stderr.add(line);
            }
          }
          System.out.println("    launcher " + process.pid() + (isErr ? " ! " : " | ") + line);
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "clusterkit-launcher-" + process.pid() + (isErr ? "-err" : "-out"));
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  synchronized int count() {
    return lines.size();
  }

  synchronized String text() {
    return String.join("\n", lines);
  }

  synchronized String tail(int n) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  Matcher await(Pattern pattern, Duration timeout, int from) {
    return Await.until(timeout, () -> find(pattern, from), Optional::isPresent,
        () -> "a line matching /" + pattern + "/ from line " + from + "; last lines:\n"
            + tail(30)).orElseThrow();
  }

  private synchronized Optional<Matcher> find(Pattern pattern, int from) {
    for (int i = from; i < lines.size(); i++) {
      Matcher matcher = pattern.matcher(lines.get(i));
      if (matcher.find()) {
        return Optional.of(matcher);
      }
    }
    return Optional.empty();
  }
}

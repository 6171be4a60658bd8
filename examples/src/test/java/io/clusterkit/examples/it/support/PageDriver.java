package io.clusterkit.examples.it.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One page in Debian's headless Chromium, driven by npm's playwright-core
 * ({@code src/test/js/page-driver.mjs}, which {@code .ci/run} installs with {@code npm ci}): each
 * call is one JSON command and one JSON answer. The browser's network is closed but for
 * 127.0.0.1; {@code network} lists what the page tried to reach elsewhere.
 */
public final class PageDriver implements AutoCloseable {

  /** The driver script's directory, with its package.json and node_modules. */
  public static final Path SCRIPT_DIR = Path.of("src/test/js").toAbsolutePath();
  /** Debian's Chromium. */
  public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM",
      "/usr/bin/chromium"));

  private final Process process;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private PageDriver(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          answers.add(line);
        }
      } catch (IOException e) {
        // the driver ended: calls after this fail on their timeout
      }
    }, "page-driver-answers");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts Chromium with one blank page.
   *
   * @return the driver
   * @throws IllegalStateException when Chromium or playwright-core is not installed
   */
  public static PageDriver start() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: apt-get install chromium (as "
          + ".ci/run does)");
    }
    if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException("playwright-core is missing: npm ci in " + SCRIPT_DIR
          + " (as .ci/run does)");
    }
    ProcessBuilder builder = new ProcessBuilder("node", "page-driver.mjs")
        .directory(SCRIPT_DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("CHROMIUM", CHROMIUM.toString());
    return new PageDriver(builder.start());
  }

  /**
   * Runs one command.
   *
   * @param op the operation of page-driver.mjs ({@code open}, {@code rows}, {@code text},
   *     {@code count}, {@code fill}, {@code click}, {@code screenshot}, {@code network})
   * @param args its arguments
   * @return its result
   */
  public Object call(String op, JsonObject args) {
    try {
      commands.write(args.copy().put("op", op).encode() + "\n");
      commands.flush();
      String line = answers.poll(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new IllegalStateException("the page driver did not answer " + op + " in 60 s");
      }
      JsonObject answer = new JsonObject(line);
      if (!answer.getBoolean("ok")) {
        throw new IllegalStateException(op + " " + args.encode() + " failed in the page: "
            + answer.getString("error"));
      }
      return answer.getValue("result");
    } catch (IOException e) {
      throw new IllegalStateException("the page driver is gone", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Runs one command that has no argument.
   *
   * @param op the operation
   * @return its result
   */
  public Object call(String op) {
    return call(op, new JsonObject());
  }

  @Override
  public void close() {
    try {
      commands.write("{\"op\":\"close\"}\n");
      commands.flush();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // already gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}

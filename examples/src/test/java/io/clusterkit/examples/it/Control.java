package io.clusterkit.examples.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a control command ({@code status}, {@code reload}, {@code scale}, {@code stop}) of
 * launcher.jar as its own process, against the launchers these tests started: every launcher and
 * command of the test JVM shares one registry directory of its own.
 */
final class Control {

  static final String RUN_DIR_ENV = "CLUSTERKIT_RUN_DIR";
  static final Path RUN_DIR = createRunDir();

  private Control() {
  }

  /**
   * The outcome of one command.
   *
   * @param exitCode its exit code
   * @param out its standard output
   * @param err its standard error
   */
  record Result(int exitCode, String out, String err) {
  }

  static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(LauncherProcess.LAUNCHER_JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(RUN_DIR_ENV, RUN_DIR.toString());
    Path out = Files.createTempFile("control", ".out");
    Path err = Files.createTempFile("control", ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("'" + String.join(" ", args) + "' did not end within "
            + timeout);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path createRunDir() {
    try {
      return Files.createTempDirectory("clusterkit-run");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

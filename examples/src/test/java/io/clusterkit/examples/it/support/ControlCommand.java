package io.clusterkit.examples.it.support;

import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a control command of launcher.jar ({@code status}, {@code reload}, {@code scale},
 * {@code stop}) as its own process against one test cluster, for the tests whose subject is the
 * command itself; the others use the kit's admin calls.
 */
public final class ControlCommand {

  /**
   * A command's JVM lives a second or two: the client compiler alone and the serial collector
   * start it sooner on 2 cores, and change nothing of what the command does.
   */
  private static final List<String> SHORT_LIVED_JVM = List.of("-XX:TieredStopAtLevel=1",
      "-XX:+UseSerialGC");

  private ControlCommand() {
  }

  /**
   * The outcome of one command.
   *
   * @param exitCode its exit code
   * @param out its standard output
   * @param err its standard error
   */
  public record Result(int exitCode, String out, String err) {
  }

  /**
   * Runs {@code java -jar launcher.jar ARGS} with the cluster's run directory as registry.
   *
   * @param cluster the cluster the command finds in its registry
   * @param timeout how long the command may take
   * @param args the command and its options
   * @return its outcome
   */
  public static Result run(TestCluster cluster, Duration timeout, String... args)
      throws IOException, InterruptedException {
    return run(cluster.runDir(), timeout, args);
  }

  /**
   * Runs {@code java -jar launcher.jar ARGS} with a registry of running launchers of its own.
   *
   * @param runDir the registry directory (CLUSTERKIT_RUN_DIR)
   * @param timeout how long the command may take
   * @param args the command and its options
   * @return its outcome
   */
  public static Result run(Path runDir, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SHORT_LIVED_JVM);
    command.add("-jar");
    command.add(Clusters.LAUNCHER_JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CLUSTERKIT_RUN_DIR", runDir.toString());
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
}

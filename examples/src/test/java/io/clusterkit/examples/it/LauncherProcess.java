package io.clusterkit.examples.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusterkit.sticky.WorkerTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code java -jar launcher.jar} process started by a test: its output lines, its port,
 * its worker pids, and a close that leaves nothing behind (the launcher and every worker it ever
 * had are killed and waited for).
 */
final class LauncherProcess implements AutoCloseable {

  static final Path LAUNCHER_JAR = Path.of(System.getProperty("clusterkit.launcher.jar",
      "../launcher/target/launcher.jar"));
  static final Path EXAMPLES_JAR = Path.of(System.getProperty("clusterkit.examples.jar",
      "target/examples.jar"));
  static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();

  /** Where the launcher keeps class-data sharing archives. */
  static final String CDS_DIR_ENV = "CLUSTERKIT_CDS_DIR";
  /** The class archives of the whole suite: each classpath's is recorded once, then shared. */
  static final Path CDS_DIR = Path.of("target/cds").toAbsolutePath();
  private static final Pattern READY = Pattern.compile("ClusterKit ready: .* on port (\\d+)");
  private static final Pattern LISTENING = Pattern.compile("ClusterKit listening on .*:(\\d+),");
  private static final Pattern SPAWNED = Pattern.compile("slot (\\d+) gen (\\d+) pid (\\d+) - spawned");

  private final Process process;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
  private final Set<Long> workerPids = ConcurrentHashMap.newKeySet();

  private LauncherProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), false);
    pump(process.getErrorStream(), true);
  }

  /**
   * Starts the launcher with the given arguments (JVM flags for the launcher come from the test).
   */
  static LauncherProcess start(String... args) throws IOException {
    return start(java.util.Map.of(), args);
  }

  /**
   * Starts the launcher with the given environment variables added to the tests' own (the run
   * directory, and the class archive directory the whole suite shares).
   */
  static LauncherProcess start(java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(LAUNCHER_JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(Control.RUN_DIR_ENV, Control.RUN_DIR.toString());
    builder.environment().put(CDS_DIR_ENV, CDS_DIR.toString());
    builder.environment().putAll(env);
    return new LauncherProcess(builder.start());
  }

  /**
   * Starts a program's own main class that runs a cluster through the {@code Cluster} API, with
   * launcher.jar and examples.jar on its classpath (the workers get the same classpath).
   */
  static LauncherProcess main(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    for (String opens : List.of("java.base/java.lang", "java.base/sun.nio.ch",
        "java.management/sun.management", "jdk.management/com.sun.management.internal")) {
      command.add("--add-opens=" + opens + "=ALL-UNNAMED");
    }
    command.add("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
    command.add("-cp");
    command.add(LAUNCHER_JAR.toAbsolutePath() + java.io.File.pathSeparator
        + EXAMPLES_JAR.toAbsolutePath());
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(Control.RUN_DIR_ENV, Control.RUN_DIR.toString());
    builder.environment().put(CDS_DIR_ENV, CDS_DIR.toString());
    return new LauncherProcess(builder.start());
  }

  /**
   * Starts workers of a verticle from classpath on a free port of 127.0.0.1 with a 2 s grace,
   * plus extra arguments before the verticle.
   */
  /** Skips the calling test, with the reason, where Netty's io_uring transport cannot run. */
  static void assumeIoUring() {
    String unavailable = WorkerTransport.ioUringUnavailability();
    assumeTrue(unavailable == null, () -> "io_uring is unavailable here: " + unavailable);
  }

  static LauncherProcess cluster(int workers, Path classpath, String verticle, String... extra)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("-workers", Integer.toString(workers),
        "-host", "127.0.0.1", "-port", "0", "-grace", "2",
        "-cp", classpath.toAbsolutePath().toString()));
    args.addAll(List.of(extra));
    args.add(verticle);
    return start(args.toArray(String[]::new));
  }

  /**
   * Starts the hello example on a free port of 127.0.0.1 with small limits; extra arguments
   * (pairs such as {@code "-grace", "10"}) replace the defaults of the same name.
   */
  static LauncherProcess hello(int workers, String... extra) throws IOException {
    java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("-workers", Integer.toString(workers));
    options.put("-port", "0");
    options.put("-host", "127.0.0.1");
    options.put("-grace", "3");
    options.put("-cp", EXAMPLES_JAR.toAbsolutePath().toString());
    for (int i = 0; i + 1 < extra.length; i += 2) {
      options.put(extra[i], extra[i + 1]);
    }
    List<String> args = new ArrayList<>();
    options.forEach((name, value) -> {
      args.add(name);
      args.add(value);
    });
    args.add("io.clusterkit.examples.hello.HelloVerticle");
    return start(args.toArray(String[]::new));
  }

  private void pump(InputStream in, boolean isErr) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          lines.add(line);
          if (isErr) {
            stderr.add(line);
          }
          Matcher spawned = SPAWNED.matcher(line);
          if (spawned.find()) {
            workerPids.add(Long.parseLong(spawned.group(3)));
          }
          System.out.println("    launcher " + process.pid() + (isErr ? " ! " : " | ") + line);
        }
      } catch (IOException e) {
        // process gone
      }
    }, "launcher-output");
    thread.setDaemon(true);
    thread.start();
  }

  long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  /** Waits for a line matching pattern; fails with the last lines seen. */
  Matcher awaitLine(Pattern pattern, Duration timeout) {
    return awaitLine(pattern, timeout, 0);
  }

  /** Waits for a line matching pattern at or after line index from. */
  Matcher awaitLine(Pattern pattern, Duration timeout, int from) {
    Optional<Matcher> found = Poll.until(timeout, () -> find(pattern, from),
        Optional::isPresent, () -> "a line matching /" + pattern + "/; " + diagnosis());
    return found.orElseThrow();
  }

  int lineCount() {
    return lines.size();
  }

  private Optional<Matcher> find(Pattern pattern, int from) {
    synchronized (lines) {
      for (int i = from; i < lines.size(); i++) {
        Matcher matcher = pattern.matcher(lines.get(i));
        if (matcher.find()) {
          return Optional.of(matcher);
        }
      }
    }
    return Optional.empty();
  }

  /** Waits until every worker is READY and returns the public port. */
  int awaitReady() {
    return Integer.parseInt(awaitLine(READY, Duration.ofSeconds(90)).group(1));
  }

  /** Waits until the public port is bound and returns it. */
  int awaitListening() {
    return Integer.parseInt(awaitLine(LISTENING, Duration.ofSeconds(60)).group(1));
  }

  /** Waits for the launcher to exit and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("launcher " + process.pid() + " still running after " + timeout
          + "; " + diagnosis());
    }
    return process.exitValue();
  }

  /**
   * What a failure message needs: the supervisor's slot transitions (a long stack trace can fill
   * the last lines), then the last lines.
   */
  private String diagnosis() {
    List<String> transitions;
    synchronized (lines) {
      transitions = lines.stream().filter(line -> line.contains(" Supervisor - ")).toList();
    }
    return "slot transitions:\n"
        + String.join("\n", transitions.subList(Math.max(0, transitions.size() - 40),
            transitions.size()))
        + "\nlast lines:\n" + tail(30);
  }

  String tail(int n) {
    synchronized (lines) {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
  }

  List<String> stderrLines() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** @return the pids of every worker this launcher ever spawned */
  Set<Long> workerPids() {
    return Set.copyOf(workerPids);
  }

  /** @return the worker pids still alive */
  List<Long> liveWorkerPids() {
    List<Long> alive = new ArrayList<>();
    for (long pid : workerPids) {
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        alive.add(pid);
      }
    }
    return alive;
  }

  void signal(String name) throws IOException, InterruptedException {
    Signals.send(process.pid(), name);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    for (long pid : workerPids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (long pid : workerPids) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
          handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
      }
    } catch (Exception e) {
      throw new AssertionError("could not reap the processes of launcher " + process.pid(), e);
    }
  }
}

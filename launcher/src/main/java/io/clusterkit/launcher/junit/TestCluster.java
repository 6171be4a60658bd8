package io.clusterkit.launcher.junit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A real ClusterKit cluster started by a test: a launcher JVM and its worker JVMs. Its facts
 * (public port, workers, their pids and states) come from the launcher's own admin API, its
 * waits poll that state, and {@link #close()} leaves no process behind.
 */
public final class TestCluster implements AutoCloseable {

  /** How long {@link #awaitReady()} waits for every worker to be READY. */
  public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RELOAD_TIMEOUT = Duration.ofMinutes(5);

  private final Process process;
  private final Path runDir;
  private final LauncherOutput output;
  private final ProcessTree tree;
  private final AdminConnection admin;
  private volatile int expectedWorkers;
  private final LauncherArchive archive;
  private volatile boolean wasReady;

  TestCluster(Process process, Path runDir, int expectedWorkers) {
    this(process, runDir, expectedWorkers, null, LauncherArchive.of(null));
  }

  TestCluster(Process process, Path runDir, int expectedWorkers,
      java.net.InetSocketAddress adminVia, LauncherArchive archive) {
    this.process = process;
    this.archive = archive;
    this.runDir = runDir;
    this.expectedWorkers = expectedWorkers;
    this.output = new LauncherOutput(process);
    this.tree = new ProcessTree(process);
    this.admin = new AdminConnection(runDir, process.pid(), adminVia);
  }

  /** @return the launcher's process id */
  public long pid() {
    return process.pid();
  }

  /** @return the launcher's process */
  public Process process() {
    return process;
  }

  /** @return the run directory of this launcher alone (its registry entry is there) */
  public Path runDir() {
    return runDir;
  }

  /**
   * The public port, as the launcher registered it once it listened.
   *
   * @return the port; waits up to {@link #BOOT_TIMEOUT} for the launcher to register
   */
  public int port() {
    return awaitRegistered().port();
  }

  /** @return the launcher's name (its {@code -name}, else {@code clusterkit-PORT}) */
  public String name() {
    return awaitRegistered().name();
  }

  private io.clusterkit.launcher.admin.LauncherRegistry.Entry awaitRegistered() {
    if (admin.entry() != null) {
      return admin.entry();
    }
    return Await.until(BOOT_TIMEOUT, () -> {
      failIfExited("its admin API registered");
      return admin.entry();
    }, entry -> entry != null, () -> "launcher " + pid() + " to register in " + runDir
        + "; last lines:\n" + output.tail(30));
  }

  /**
   * The launcher's {@code GET /status}.
   *
   * @return the JSON answer: name, pid, port, router, balance and the {@code workers} array
   */
  public JsonObject status() {
    awaitRegistered();
    JsonObject status = admin.expectOk("GET", "/status", null, CALL_TIMEOUT);
    tree.record(workersOf(status).stream().map(WorkerStatus::pid).toList());
    return status;
  }

  /** @return each slot's worker, by slot, from {@code GET /status} */
  public List<WorkerStatus> workers() {
    return workersOf(status());
  }

  /**
   * One slot's worker now.
   *
   * @param slot the slot
   * @return its entry in {@code GET /status}
   * @throws IllegalArgumentException when there is no such slot
   */
  public WorkerStatus worker(int slot) {
    return workers().stream().filter(w -> w.slot() == slot).findFirst().orElseThrow(() ->
        new IllegalArgumentException("no slot " + slot + " in " + workers()));
  }

  private static List<WorkerStatus> workersOf(JsonObject status) {
    JsonArray workers = status.getJsonArray("workers", new JsonArray());
    return IntStream.range(0, workers.size()).mapToObj(workers::getJsonObject)
        .map(WorkerStatus::fromJson).sorted(Comparator.comparingInt(WorkerStatus::slot)).toList();
  }

  /**
   * Waits until every slot of the cluster (as started, or as last scaled) is READY.
   *
   * @return this cluster
   * @throws AssertionError after {@link #BOOT_TIMEOUT}, or at once if the launcher exits
   */
  public TestCluster awaitReady() {
    return awaitReady(BOOT_TIMEOUT);
  }

  /**
   * Waits until every slot of the cluster (as started, or as last scaled) is READY.
   *
   * @param timeout how long to wait
   * @return this cluster
   * @throws AssertionError after timeout, with the last status seen, or at once if the launcher
   *     exits
   */
  public TestCluster awaitReady(Duration timeout) {
    awaitWorkers(workers -> workers.size() == expectedWorkers
        && workers.stream().allMatch(WorkerStatus::ready), timeout);
    wasReady = true;
    return this;
  }

  /**
   * Polls {@code GET /status} until its workers match.
   *
   * @param condition what the workers, by slot, must satisfy
   * @param timeout how long to wait
   * @return the workers that matched
   * @throws AssertionError after timeout, with the last workers seen, or at once if the launcher
   *     exits
   */
  public List<WorkerStatus> awaitWorkers(Predicate<List<WorkerStatus>> condition,
      Duration timeout) {
    return workersOf(awaitStatus(status -> condition.test(workersOf(status)), timeout));
  }

  /**
   * Polls one slot until its worker matches, e.g. a replacement READY:
   * {@code awaitWorker(1, w -> w.gen() == 2 && w.ready(), timeout)}.
   *
   * @param slot the slot
   * @param condition what its worker must satisfy
   * @param timeout how long to wait
   * @return the worker that matched
   * @throws AssertionError after timeout, with the last status seen
   */
  public WorkerStatus awaitWorker(int slot, Predicate<WorkerStatus> condition,
      Duration timeout) {
    return awaitWorkers(workers -> workers.stream()
        .anyMatch(w -> w.slot() == slot && condition.test(w)), timeout).stream()
        .filter(w -> w.slot() == slot).findFirst().orElseThrow();
  }

  /**
   * Polls {@code GET /status} until it matches.
   *
   * @param condition what the status must satisfy
   * @param timeout how long to wait
   * @return the status that matched
   * @throws AssertionError after timeout, with the last status seen, or at once if the launcher
   *     exits
   */
  public JsonObject awaitStatus(Predicate<JsonObject> condition, Duration timeout) {
    return Await.until(timeout, () -> {
      failIfExited("a status to match");
      return status();
    }, condition, () -> "the status of launcher " + pid() + " to match; last lines:\n"
        + output.tail(20));
  }

  private void failIfExited(String awaited) {
    if (!process.isAlive()) {
      throw new AssertionError("launcher " + pid() + " exited with code " + process.exitValue()
          + " while waiting for " + awaited + "; last lines:\n" + output.tail(30));
    }
  }

  /**
   * Waits for the launcher to exit.
   *
   * @param timeout how long to wait
   * @return its exit code
   * @throws AssertionError when it still runs after timeout
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("launcher " + pid() + " still running after " + timeout
            + "; last lines:\n" + output.tail(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for launcher " + pid(), e);
    }
    output.drain();
    return process.exitValue();
  }

  /**
   * A rolling reload of every slot with the same classpath, through {@code POST /reload}.
   *
   * @return the launcher's JSON answer once every slot rolled
   * @throws AdminCallException when the launcher refused (409) or a replacement failed (500)
   */
  public JsonObject reload() {
    return reload(List.of());
  }

  /**
   * A rolling reload onto a new application classpath, through {@code POST /reload}.
   *
   * @param classpath the application's new jars or folders; empty keeps the current one
   * @return the launcher's JSON answer once every slot rolled
   * @throws AdminCallException when the launcher refused (409) or a replacement failed (500)
   */
  public JsonObject reload(List<Path> classpath) {
    JsonObject body = new JsonObject();
    if (!classpath.isEmpty()) {
      body.put("classpath", String.join(java.io.File.pathSeparator,
          classpath.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }
    return admin.expectOk("POST", "/reload", body, RELOAD_TIMEOUT);
  }

  /**
   * Restarts one slot drain-first through {@code POST /restart}.
   *
   * @param slot the slot
   * @return the launcher's JSON answer once the replacement is READY and the old worker gone
   * @throws AdminCallException when the launcher answered 400 (a slot it has not), 409 (refused)
   *     or 500 (the replacement did not become READY)
   */
  public JsonObject restart(int slot) {
    return admin.expectOk("POST", "/restart", new JsonObject().put("slot", slot),
        RELOAD_TIMEOUT);
  }

  /**
   * Scales to a number of workers through {@code POST /scale}; {@link #awaitReady()} then waits
   * for that many.
   *
   * @param workers the number of workers wanted
   * @return the launcher's JSON answer (the scaling is under way, not done)
   * @throws AdminCallException when the launcher refused (409)
   */
  public JsonObject scale(int workers) {
    JsonObject answer = admin.expectOk("POST", "/scale", new JsonObject().put("workers", workers),
        CALL_TIMEOUT);
    expectedWorkers = workers;
    return answer;
  }

  /** Asks for a graceful stop through {@code POST /stop}; {@link #awaitExit} sees its end. */
  public void stop() {
    admin.expectOk("POST", "/stop", null, CALL_TIMEOUT);
  }

  /**
   * Sends the launcher a Unix signal with the system's {@code kill}.
   *
   * @param name the signal's name without SIG, e.g. {@code TERM}, {@code USR2}, {@code TTIN}
   */
  public void signal(String name) {
    signal(pid(), name);
  }

  /**
   * Sends any process (a worker, say) a Unix signal with the system's {@code kill}.
   *
   * @param pid the process
   * @param name the signal's name without SIG, e.g. {@code KILL}, {@code INT}
   */
  public static void signal(long pid, String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed: "
            + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("kill -" + name + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending " + name + " to " + pid, e);
    }
  }

  /** Kills the launcher at once (SIGKILL), as the OOM killer would; its workers stay tracked. */
  public void kill() {
    process.destroyForcibly();
  }

  /** @return every line the launcher printed so far, stdout and stderr in arrival order */
  public List<String> lines() {
    return output.lines();
  }

  /** @return the lines the launcher printed on its standard error */
  public List<String> stderrLines() {
    return output.stderrLines();
  }

  /** @return the launcher's whole output so far, one string */
  public String output() {
    return output.text();
  }

  /** @return the number of lines printed so far, a mark for {@link #awaitOutput} */
  public int lineCount() {
    return output.count();
  }

  /**
   * Waits for an output line, for the tests whose subject is the output itself (a warning, a
   * message); facts about workers are in {@link #status()}.
   *
   * @param pattern what the line must contain
   * @param timeout how long to wait
   * @param fromLine the first line to look at (see {@link #lineCount()})
   * @return the match
   * @throws AssertionError after timeout, with the last lines
   */
  public Matcher awaitOutput(Pattern pattern, Duration timeout, int fromLine) {
    return output.await(pattern, timeout, fromLine);
  }

  /** @return the pid of every worker this launcher ever had, as far as the kit saw them */
  public Set<Long> workerPids() {
    return tree.all();
  }

  /** @return the pids of those workers still alive */
  public List<Long> liveWorkerPids() {
    return tree.alive();
  }

  /** Kills the launcher and every worker it ever had, waits for each, removes the run dir. */
  @Override
  public void close() {
    if (wasReady && process.isAlive()) {
      archive.dumpFrom(pid()); // the suite's first such launcher only; paused, then killed
    }
    tree.killAndWait();
    try (Stream<Path> files = Files.walk(runDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}

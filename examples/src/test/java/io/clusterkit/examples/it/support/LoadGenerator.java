package io.clusterkit.examples.it.support;

import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady, rate-limited HTTP load on 127.0.0.1, the way clients behave during a reload: keep-alive
 * connections that each send a request as soon as the previous answer arrived (and reconnect when
 * the server said {@code Connection: close}), plus a stream of new connections, each for one
 * request. Every failure is kept with its reason. Bounded in time and in requests.
 */
public final class LoadGenerator implements AutoCloseable {

  private static final int MAX_REQUESTS_PER_CLIENT = 200_000;

  private final int port;
  private final Duration limit;
  private final long startedNanos = System.nanoTime();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger ok = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final Set<Long> pids = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;

  /**
   * Starts the load.
   *
   * @param port the public port
   * @param keepAlive keep-alive connections, each with one request in flight
   * @param newPerSecond new connections a second, each for one request
   * @param limit the longest the load may run
   */
  public LoadGenerator(int port, int keepAlive, int newPerSecond, Duration limit) {
    this.port = port;
    this.limit = limit;
    for (int i = 0; i < keepAlive; i++) {
      start("keep-alive-" + i, this::keepAliveLoop);
    }
    if (newPerSecond > 0) {
      long pauseNanos = 1_000_000_000L / newPerSecond;
      start("new-connections", () -> newConnectionLoop(pauseNanos));
    }
  }

  private void start(String name, Runnable loop) {
    Thread thread = new Thread(loop, "load-" + name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private boolean running(int sent) {
    return !stopped && sent < MAX_REQUESTS_PER_CLIENT
        && System.nanoTime() - startedNanos < limit.toNanos();
  }

  private void keepAliveLoop() {
    KeepAliveConnection connection = null;
    int sent = 0;
    while (running(sent)) {
      try {
        if (connection == null) {
          connection = new KeepAliveConnection(port);
        }
        sent++;
        RawHttp.Response response = connection.get("/");
        record(response, "keep-alive");
        if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
          connection.close();
          connection = null;
        }
      } catch (IOException | RuntimeException e) {
        failures.add("keep-alive request " + sent + ": " + e);
        closeQuietly(connection);
        connection = null;
      }
    }
    closeQuietly(connection);
  }

  private void newConnectionLoop(long pauseNanos) {
    int sent = 0;
    while (running(sent)) {
      sent++;
      try {
        record(RawHttp.get(port, "/", 10_000), "new connection");
      } catch (IOException | RuntimeException e) {
        failures.add("new connection " + sent + ": " + e);
      }
      LockSupport.parkNanos(pauseNanos);
    }
  }

  private void record(RawHttp.Response response, String kind) {
    if (response.status() != 200) {
      failures.add(kind + ": status " + response.status() + " " + response.body());
      return;
    }
    long pid = response.pid();
    ok.incrementAndGet();
    if (pids.add(pid)) {
      answers.add(new long[] {pid, System.nanoTime()});
    }
  }

  private static void closeQuietly(KeepAliveConnection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  /** @return successful requests so far */
  public int ok() {
    return ok.get();
  }

  /** @return every failure so far */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** @return every worker pid that answered so far */
  public Set<Long> pids() {
    return Set.copyOf(pids);
  }

  /**
   * Runs an action in the middle of this load, then stops the load: waits for {@code answers}
   * successful requests, runs the action, waits for as many more, and closes.
   *
   * @param answers how many answers to see before the action, and again after it
   * @param action what to do under load, such as a control command
   * @return the action's result
   */
  public <T> T around(int answers, java.util.concurrent.Callable<T> action) throws Exception {
    try {
      Await.until(java.time.Duration.ofSeconds(20), this::ok, n -> n >= answers,
          () -> answers + " answers before");
      T result = action.call();
      int after = ok();
      Await.until(java.time.Duration.ofSeconds(20), this::ok, n -> n >= after + answers,
          () -> answers + " answers after");
      return result;
    } finally {
      close();
    }
  }

  /** Stops the load, waits for every client to finish its request, and prints the totals. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    System.out.printf("load on port %d: %d answered, %d failed, %d worker pids, %.1f s%n", port,
        ok.get(), failures.size(), pids.size(), (System.nanoTime() - startedNanos) / 1e9);
  }
}

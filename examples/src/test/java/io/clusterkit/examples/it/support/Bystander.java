package io.clusterkit.examples.it.support;

import io.clusterkit.launcher.junit.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved client beside an abuse case: one new-connection GET after another on a thread
 * of its own, for at most a limit, recording failures and the slowest answer, so that a test
 * can say that other clients were served meanwhile and how fast.
 */
public final class Bystander implements AutoCloseable {

  private final Thread thread;
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicLong slowestNanos = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;

  /**
   * Starts asking.
   *
   * @param port the public port
   * @param limit the longest it asks for
   */
  public Bystander(int port, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    thread = new Thread(() -> {
      while (!stopped && System.nanoTime() < deadline) {
        long start = System.nanoTime();
        try {
          RawHttp.Response response = RawHttp.get(port, "/", 10_000);
          if (response.status() == 200) {
            ok.incrementAndGet();
          } else {
            failures.add("status " + response.status());
          }
        } catch (Exception e) {
          failures.add(e.toString());
        }
        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
        try {
          Thread.sleep(20); // pacing, not synchronisation
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bystander");
    thread.setDaemon(true);
    thread.start();
  }

  /** @return answers with 200 so far */
  public int ok() {
    return ok.get();
  }

  /** @return every failure so far */
  public List<String> failures() {
    return failures;
  }

  /** @return the slowest answer so far */
  public Duration slowest() {
    return Duration.ofNanos(slowestNanos.get());
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(15_000);
  }
}

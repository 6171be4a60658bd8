package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusterkit.examples.cpu.HashingVerticle;
import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.it.support.Jdks;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.KeepAliveConnection;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU-heavy example on one worker with one event loop, each way it can hash: on the event
 * loop, cheap requests sent while a hash runs wait for it (the pitfall); through
 * {@code executeBlocking}, a worker verticle or virtual threads (on a Java 21+ JDK given with
 * {@code -java}), they are answered while it runs.
 */
@Timeout(300)
class CpuModesIT {

  /** 200,000 PBKDF2 iterations: a fraction of a second to seconds on these machines. */
  private static final String HEAVY = "/hash?cost=200";
  private static final int MAX_CHEAP = 2000;

  private record Outcome(JsonObject heavy, List<Long> cheapMillis) {

    long maxCheap() {
      return cheapMillis.stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }

  private static ClusterKit hashing(String mode) {
    return ClusterKit.cluster().workers(1).option("-grace", "2").option("-instances", "1")
        .classpath(Clusters.EXAMPLES_JAR).verticle(HashingVerticle.class)
        .option("-conf", "{\"mode\":\"" + mode + "\",\"jobs\":1}");
  }

  /** Sends the heavy request, then cheap ones one after another until it is answered. */
  private static Outcome mix(TestCluster cluster) throws Exception {
    // warm the JIT and the pools first: one of each, alone
    assertThat(RawHttp.get(cluster.port(), "/hash?cost=5", 60_000).status()).isEqualTo(200);
    assertThat(RawHttp.get(cluster.port(), "/cheap").status()).isEqualTo(200);
    try (KeepAliveConnection heavy = new KeepAliveConnection(cluster.port())) {
      heavy.send(HEAVY);
      CompletableFuture<RawHttp.Response> answered = CompletableFuture.supplyAsync(() -> {
        try {
          return heavy.read();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      List<Long> cheap = new ArrayList<>();
      while (!answered.isDone() && cheap.size() < MAX_CHEAP) {
        long start = System.nanoTime();
        RawHttp.Response response = RawHttp.get(cluster.port(), "/cheap", 60_000);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        cheap.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
      RawHttp.Response done = answered.get(120, TimeUnit.SECONDS);
      assertThat(done.status()).as("%s", done).isEqualTo(200);
      return new Outcome(done.json(), cheap);
    }
  }

  @Test
  void onTheEventLoopCheapRequestsWaitForTheHash() throws Exception {
    try (TestCluster cluster = hashing(HashingVerticle.EVENT_LOOP).start()) {
      cluster.awaitReady();
      Outcome outcome = mix(cluster);
      assertThat(outcome.heavy().getString("mode")).isEqualTo(HashingVerticle.EVENT_LOOP);
      double hashMs = outcome.heavy().getDouble("ms");
      assertThat(outcome.maxCheap()).as("the slowest cheap request, beside a %s ms hash: %s",
          hashMs, outcome.cheapMillis()).isGreaterThanOrEqualTo((long) (hashMs / 2));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {HashingVerticle.BLOCKING, HashingVerticle.WORKER,
      HashingVerticle.VIRTUAL})
  void offTheEventLoopCheapRequestsAreAnsweredWhileItHashes(String mode) throws Exception {
    ClusterKit kit = hashing(mode);
    if (mode.equals(HashingVerticle.VIRTUAL)) {
      kit.option("-java", Jdks.atLeast(21).home().toString());
    }
    try (TestCluster cluster = kit.start()) {
      cluster.awaitReady();
      Outcome outcome = mix(cluster);
      assertThat(outcome.heavy().getString("mode")).isEqualTo(mode);
      double hashMs = outcome.heavy().getDouble("ms");
      assertThat(outcome.cheapMillis()).as("cheap requests answered during a %s ms hash",
          hashMs).hasSizeGreaterThanOrEqualTo(3);
      assertThat(outcome.maxCheap()).as("the slowest cheap request, beside a %s ms hash: %s",
          hashMs, outcome.cheapMillis()).isLessThan((long) (hashMs / 2));
    }
  }

  @Test
  void virtualModeOnJava17WorkersFailsTheBootWithTheReason() throws Exception {
    assumeTrue(Runtime.version().feature() < 21, "the workers run this test's Java, 21 or later");
    try (TestCluster cluster = hashing(HashingVerticle.VIRTUAL).start()) {
      assertThat(cluster.awaitExit(java.time.Duration.ofSeconds(90))).as("exit code")
          .isEqualTo(4);
      assertThat(cluster.output()).contains("mode virtual needs Java 21 or later on the workers");
    }
  }
}

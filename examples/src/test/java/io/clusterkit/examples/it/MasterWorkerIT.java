package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.support.Clusters;
import io.clusterkit.examples.masterworker.MasterMain;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.ClusterKitExtension;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The master-worker example, a program's own main over the Cluster API: its fork, online and exit
 * events; workers reporting each request to it; its total broadcast to every worker and its
 * milestones sent to one slot; a crash reported as unplanned, a stop's exits as planned. The
 * program prints each {@code Cluster} event it handles: those lines are what is tested.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterWorkerIT {

  private static final int REQUESTS = 10;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final ClusterKitExtension KIT = ClusterKit.cluster().workers(2)
      .classpath(Clusters.EXAMPLES_JAR).program(MasterMain.class.getName(),
          "-workers", "2", "-port", "0", "-host", "127.0.0.1").extension();
  private static TestCluster master;
  private static int port;

  @BeforeAll
  static void startCluster() {
    master = KIT.cluster();
    port = master.port();
  }

  private static JsonObject get(String path) {
    try {
      RawHttp.Response response = RawHttp.get(port, path);
      return response.status() == 200 ? response.json() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonObject newsOf(int worker, java.util.function.Predicate<JsonObject> done) {
    return Await.until(WAIT, () -> get("/news"),
        news -> news != null && news.getInteger("worker") == worker && done.test(news),
        () -> "GET /news of worker " + worker);
  }

  @Test
  @Order(1)
  void theMainSeesEveryWorkerForkAndComeOnlineAndWelcomesIt() {
    for (int slot = 0; slot < 2; slot++) {
      master.awaitOutput(Pattern.compile("master: fork slot " + slot + " gen 1 pid \\d+"), WAIT, 0);
      master.awaitOutput(Pattern.compile("master: online slot " + slot + " gen 1 pid \\d+"), WAIT, 0);
      assertThat(newsOf(slot, n -> n.getBoolean("welcomed")).getBoolean("welcomed")).isTrue();
      // the welcome is a request: the main prints the worker's reply
      long pid = newsOf(slot, n -> true).getLong("pid");
      master.awaitOutput(Pattern.compile("master: slot " + slot + " gen 1 answered the welcome: "
          + "\\{\"worker\":" + slot + ",\"pid\":" + pid + ",\"java\":\"[^\"]+\"}"), WAIT, 0);
    }
    assertThat(master.output()).doesNotContain("welcome not sent");
  }

  @Test
  @Order(2)
  void theMainCountsReportedRequestsBroadcastsTheTotalAndSendsMilestonesToOneSlot() {
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(get("/work")).as("GET /work %d", i).isNotNull();
    }
    Matcher line = master.awaitOutput(Pattern.compile(
        "master: served " + REQUESTS + " requests \\(per slot (.*), shared counter (\\d+)\\)"), WAIT, 0);
    assertThat(line.group(2)).as("the workers' shared counter read by the main").isEqualTo("10");

    Map<Integer, JsonObject> news = new HashMap<>();
    for (int worker = 0; worker < 2; worker++) {
      news.put(worker, newsOf(worker, n -> n.getLong("total") == REQUESTS));
    }
    long served0 = news.get(0).getLong("served");
    long served1 = news.get(1).getLong("served");
    assertThat(served0 + served1).isEqualTo(REQUESTS);
    assertThat(line.group(1)).isEqualTo("{0=" + served0 + ", 1=" + served1 + "}");
    for (int worker = 0; worker < 2; worker++) {
      long served = news.get(worker).getLong("served");
      JsonArray expected = new JsonArray();
      for (long m = 5; m <= served; m += 5) {
        expected.add(m);
      }
      int w = worker;
      JsonObject settled = newsOf(worker, n -> n.getJsonArray("milestones").size() == expected.size());
      assertThat(settled.getJsonArray("milestones")).as("milestones sent to slot %d", w)
          .isEqualTo(expected);
    }
  }

  @Test
  @Order(3)
  void workersAskTheMainForTicketsOfOneClusterWideSequence() {
    Set<Long> tickets = new HashSet<>();
    Set<Integer> askers = new HashSet<>();
    for (int i = 0; i < REQUESTS; i++) {
      JsonObject answer = get("/ticket");
      assertThat(answer).as("GET /ticket %d", i).isNotNull();
      tickets.add(answer.getLong("ticket"));
      askers.add(answer.getInteger("worker"));
    }
    assertThat(askers).as("both workers asked").containsExactlyInAnyOrder(0, 1);
    assertThat(tickets).as("one sequence, no ticket twice")
        .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, REQUESTS).boxed().toList());
  }

  @Test
  @Order(4)
  void aKilledWorkerIsAnUnplannedExitAndItsReplacementComesOnline() {
    long pid = newsOf(1, n -> true).getLong("pid");
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    master.awaitOutput(Pattern.compile("master: exit slot 1 gen 1 pid " + pid
        + " - signal 9 \\(KILL\\), unexpected"), WAIT, 0);
    master.awaitOutput(Pattern.compile("master: online slot 1 gen 2 pid \\d+"), Duration.ofSeconds(60), 0);
    JsonObject replacement = newsOf(1, n -> n.getLong("pid") != pid && n.getBoolean("welcomed"));
    assertThat(replacement.getLong("total")).as("a new process knows no total yet").isZero();
  }

  @Test
  @Order(5)
  void aStopsExitsArePlanned() throws Exception {
    int from = master.lineCount();
    master.signal("TERM");
    master.awaitOutput(Pattern.compile("master: exit slot 0 gen 1 pid \\d+ - .*, planned"), WAIT, from);
    master.awaitOutput(Pattern.compile("master: exit slot 1 gen 2 pid \\d+ - .*, planned"), WAIT, from);
    master.awaitExit(WAIT);
  }
}

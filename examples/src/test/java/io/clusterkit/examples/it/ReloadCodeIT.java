package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.VersionVerticle;
import io.clusterkit.examples.it.support.ApplicationBuild;
import io.clusterkit.examples.it.support.WorkerCalls;
import io.clusterkit.examples.it.support.ControlCommand;
import io.clusterkit.examples.it.support.LoadGenerator;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.TestCluster;
import io.clusterkit.launcher.junit.WorkerStatus;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy is a reload: {@code reload -cp NEW.jar} rolls the workers onto a new build without a
 * failed request, and every later answer is the new build's. A build that cannot start aborts
 * the reload and the serving workers stay. The admin API refuses calls without its token.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ClusterKitTest(workers = 2, verticle = VersionVerticle.class,
    args = {"-name", ReloadCodeIT.NAME})
class ReloadCodeIT {

  static final String NAME = "reload-code-it";
  private static final String VERTICLE = VersionVerticle.class.getName();

  @TempDir
  static Path builds;
  private static TestCluster launcher;
  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    launcher = cluster;
    port = cluster.port();
  }

  private static List<JsonObject> slots() {
    return launcher.workers().stream().map(WorkerStatus::json).toList();
  }

  private static List<String> versions(int requests) throws Exception {
    return WorkerCalls.versions(port, requests);
  }

  @Test
  @Order(1)
  void reloadOntoANewBuildFailsNoRequestAndEveryLaterAnswerIsTheNewOne() throws Exception {
    Path v2 = ApplicationBuild.jar(builds, "app-v2", VERTICLE,
        ApplicationBuild.versionVerticle("v2", false));
    assertThat(versions(4)).containsOnly("v1");
    LoadGenerator load = new LoadGenerator(port, 16, 30, Duration.ofSeconds(120));
    List<Long> before = slots().stream().map(slot -> slot.getLong("pid")).toList();
    load.around(300, () -> launcher.reload(List.of(v2)));
    assertThat(slots()).as("both slots rolled").extracting(slot -> slot.getLong("pid"))
        .hasSize(2).doesNotContainAnyElementsOf(before);
    assertThat(load.failures()).as("failed requests during the deploy").isEmpty();
    assertThat(versions(40)).as("answers after the reload").containsOnly("v2");
  }

  @Test
  @Order(2)
  void buildThatCannotStartAbortsTheReloadAndTheServingWorkersStay() throws Exception {
    Path v3 = ApplicationBuild.jar(builds, "app-v3", VERTICLE,
        ApplicationBuild.versionVerticle("v3", true));
    List<JsonObject> before = slots();

    // through the reload command, whose exit code and message are the subject here
    ControlCommand.Result reload = ControlCommand.run(launcher, Duration.ofSeconds(120), "reload",
        "-name", NAME, "-cp", v3.toString());

    assertThat(reload.exitCode()).as("reload: %s", reload).isEqualTo(1);
    assertThat(reload.err()).contains("reload aborted after 0 slots")
        .contains("failed to become READY");
    List<JsonObject> after = slots();
    assertThat(after).extracting(slot -> slot.getString("state")).containsOnly("READY");
    assertThat(after).extracting(slot -> slot.getLong("pid"))
        .as("the workers that served before the reload").containsExactlyElementsOf(
            before.stream().map(slot -> slot.getLong("pid")).toList());
    assertThat(versions(20)).containsOnly("v2");
  }

  @Test
  @Order(3)
  void adminApiAnswers401WithoutTheTokenAndChangesNothing() throws Exception {
    Path file = launcher.runDir().resolve(NAME + ".json");
    JsonObject entry = new JsonObject(Files.readString(file));
    assertThat(Files.getPosixFilePermissions(file))
        .as("the token file is its owner's only").hasSize(2);
    String api = "http://127.0.0.1:" + entry.getInteger("adminPort");
    HttpClient http = HttpClient.newHttpClient();
    List<JsonObject> before = slots();

    for (String auth : new String[] {null, "Bearer wrong-token"}) {
      for (String[] call : new String[][] {{"GET", "/status", ""},
          {"POST", "/scale", "{\"workers\":3}"}, {"POST", "/reload", ""},
          {"POST", "/stop", ""}}) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + call[1]))
            .method(call[0], HttpRequest.BodyPublishers.ofString(call[2]));
        if (auth != null) {
          request.header("Authorization", auth);
        }
        HttpResponse<String> response = http.send(request.build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s with %s", call[0], call[1], auth)
            .isEqualTo(401);
      }
    }
    HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(api + "/status"))
        .header("Authorization", "Bearer " + entry.getString("token")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(status.body()).getJsonArray("workers")).hasSize(2);
    assertThat(slots()).as("nothing changed").extracting(slot -> slot.getLong("pid"))
        .containsExactlyElementsOf(before.stream().map(slot -> slot.getLong("pid")).toList());
    assertThat(launcher.output()).doesNotContain("stop requested");
  }
}

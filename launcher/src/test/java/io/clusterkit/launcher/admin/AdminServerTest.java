package io.clusterkit.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.ControlException;
import io.clusterkit.launcher.ReloadResult;
import io.clusterkit.launcher.RestartResult;
import io.clusterkit.launcher.ScaleResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin API's HTTP layer against a target that records what it was asked: the token guards
 * every call, malformed requests are refused with one line, good ones reach the target.
 */
@Timeout(30)
class AdminServerTest {

  private final Vertx vertx = Vertx.vertx();
  private final AdminToken token = AdminToken.random();
  private final List<String> asked = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int port;
  private Future<ReloadResult> reloadAnswer = Future.succeededFuture(new ReloadResult(
      List.of(0, 1), 1, List.of(Path.of("/apps/app-2.jar")), "reload done: 2 slots rolled"));
  private Future<RestartResult> restartAnswer = Future.succeededFuture(new RestartResult(1, 2,
      4802, 3, 5120, "slot 1 restarted: gen 2 (pid 4802) replaced by gen 3 (pid 5120)"));
  private Future<ScaleResult> scaleAnswer = Future.succeededFuture(
      new ScaleResult(2, 3, "scaling up from 2 to 3: starting slot 2"));

  private final AdminTarget target = new AdminTarget() {
    @Override
    public JsonObject status() {
      asked.add("status");
      return new JsonObject().put("name", "shop");
    }

    @Override
    public Future<ReloadResult> reload(List<Path> classpath) {
      asked.add("reload " + classpath);
      return reloadAnswer;
    }

    @Override
    public Future<RestartResult> restart(int slot) {
      asked.add("restart " + slot);
      return restartAnswer;
    }

    @Override
    public Future<ScaleResult> scale(int workers) {
      asked.add("scale " + workers);
      return scaleAnswer;
    }

    @Override
    public Future<Void> stop() {
      asked.add("stop");
      return Future.succeededFuture();
    }
  };

  @BeforeEach
  void start() throws Exception {
    port = new AdminServer(vertx, token, target).listen(0).toCompletionStage()
        .toCompletableFuture().get();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private HttpResponse<String> call(String method, String path, String auth, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void callsWithoutTheRightTokenGet401AndChangeNothing() throws Exception {
    for (String auth : new String[] {null, "Bearer wrong", "Basic " + token.value(),
        "Bearer " + token.value() + "x"}) {
      for (String[] call : new String[][] {{"GET", "/status"}, {"POST", "/reload"},
          {"POST", "/stop"}}) {
        HttpResponse<String> response = call(call[0], call[1], auth, null);
        assertThat(response.statusCode()).as("%s %s with %s", call[0], call[1], auth)
            .isEqualTo(401);
      }
      assertThat(call("POST", "/scale", auth, "{\"workers\":3}").statusCode()).isEqualTo(401);
      assertThat(call("POST", "/restart", auth, "{\"slot\":1}").statusCode()).isEqualTo(401);
    }
    assertThat(asked).as("calls that reached the cluster").isEmpty();
  }

  @Test
  void rightTokenReachesTheCluster() throws Exception {
    String auth = "Bearer " + token.value();
    assertThat(new JsonObject(call("GET", "/status", auth, null).body()).getString("name"))
        .isEqualTo("shop");
    assertThat(call("POST", "/scale", auth, "{\"workers\":3}").statusCode()).isEqualTo(200);
    assertThat(call("POST", "/reload", auth, null).statusCode()).isEqualTo(200);
    assertThat(call("POST", "/stop", auth, null).statusCode()).isEqualTo(202);
    assertThat(asked).containsExactly("status", "scale 3", "reload null", "stop");
  }

  @Test
  void malformedRequestsGet400WithOneLineAndChangeNothing() throws Exception {
    String auth = "Bearer " + token.value();
    assertThat(call("POST", "/scale", auth, "{\"workers\":\"many\"}").body())
        .contains("workers must be an integer, was many");
    assertThat(call("POST", "/scale", auth, "{\"workers\":0}").body())
        .contains("workers must be >= 1, was 0");
    assertThat(call("POST", "/scale", auth, "not json").statusCode()).isEqualTo(400);
    assertThat(call("POST", "/reload", auth, "{\"classpath\":\"/nonexistent/app.jar\"}").body())
        .contains("classpath entry /nonexistent/app.jar does not exist");
    assertThat(call("DELETE", "/status", auth, null).statusCode()).isEqualTo(404);
    assertThat(asked).isEmpty();
  }

  @Test
  void reloadThatRollsEverySlotAnswers200WithWhatItDid() throws Exception {
    HttpResponse<String> response = call("POST", "/reload", "Bearer " + token.value(), null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject()
        .put("rolled", new JsonArray().add(0).add(1))
        .put("release", 1)
        .put("classpath", new JsonArray().add("/apps/app-2.jar"))
        .put("detail", "reload done: 2 slots rolled"));
  }

  @Test
  void reloadRefusedForTheClusterStateAnswers409WithTheReason() throws Exception {
    reloadAnswer = Future.failedFuture(
        ControlException.refused("not reloading: a reload is already running"));

    HttpResponse<String> response = call("POST", "/reload", "Bearer " + token.value(), null);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(response.body())).isEqualTo(
        new JsonObject().put("error", "not reloading: a reload is already running"));
  }

  @Test
  void reloadThatStoppedAnswers500WithTheReason() throws Exception {
    reloadAnswer = Future.failedFuture(ControlException.failed(
        "reload aborted after 0 slots: slot 0 gen 2 failed to become READY: exit code 4"));

    HttpResponse<String> response = call("POST", "/reload", "Bearer " + token.value(), null);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(new JsonObject(response.body()).getString("error"))
        .isEqualTo("reload aborted after 0 slots: slot 0 gen 2 failed to become READY: exit code 4");
  }

  @Test
  void scaleAnswers200WithTheCountsOr409WhenRefused() throws Exception {
    String auth = "Bearer " + token.value();
    HttpResponse<String> accepted = call("POST", "/scale", auth, "{\"workers\":3}");
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(accepted.body())).isEqualTo(new JsonObject().put("previous", 2)
        .put("workers", 3).put("detail", "scaling up from 2 to 3: starting slot 2"));

    scaleAnswer = Future.failedFuture(ControlException.refused("not scaling: a reload is running"));
    HttpResponse<String> refused = call("POST", "/scale", auth, "{\"workers\":3}");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(refused.body()).getString("error"))
        .isEqualTo("not scaling: a reload is running");
  }

  @Test
  void restartAnswers200WithTheOldAndNewWorker() throws Exception {
    HttpResponse<String> response = call("POST", "/restart", "Bearer " + token.value(),
        "{\"slot\":1}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject().put("slot", 1)
        .put("oldGen", 2).put("oldPid", 4802).put("newGen", 3).put("newPid", 5120)
        .put("detail", "slot 1 restarted: gen 2 (pid 4802) replaced by gen 3 (pid 5120)"));
    assertThat(asked).containsExactly("restart 1");
  }

  @Test
  void restartOfABadSlotGets400AndNeverReachesTheCluster() throws Exception {
    String auth = "Bearer " + token.value();
    HttpResponse<String> missing = call("POST", "/restart", auth, null);
    HttpResponse<String> text = call("POST", "/restart", auth, "{\"slot\":\"one\"}");
    HttpResponse<String> negative = call("POST", "/restart", auth, "{\"slot\":-1}");

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("slot must be an integer, was null");
    assertThat(text.statusCode()).isEqualTo(400);
    assertThat(text.body()).contains("slot must be an integer, was one");
    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.body()).contains("slot must be >= 0, was -1");
    assertThat(asked).isEmpty();
  }

  @Test
  void restartOfASlotTheClusterHasNotGets400() throws Exception {
    restartAnswer = Future.failedFuture(new IllegalArgumentException(
        "slot 7 is not one of the cluster's slots (0..1)"));

    HttpResponse<String> response = call("POST", "/restart", "Bearer " + token.value(),
        "{\"slot\":7}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("error"))
        .isEqualTo("slot 7 is not one of the cluster's slots (0..1)");
  }

  @Test
  void restartRefusedGets409AndOneThatFailedGets500() throws Exception {
    String auth = "Bearer " + token.value();
    restartAnswer = Future.failedFuture(ControlException.refused(
        "not restarting slot 1: a reload is running"));
    HttpResponse<String> refused = call("POST", "/restart", auth, "{\"slot\":1}");
    restartAnswer = Future.failedFuture(ControlException.failed(
        "restart of slot 1 failed: slot 1 gen 3 failed to become READY: signal 9 (KILL)"));
    HttpResponse<String> failed = call("POST", "/restart", auth, "{\"slot\":1}");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(refused.body()).getString("error"))
        .isEqualTo("not restarting slot 1: a reload is running");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(new JsonObject(failed.body()).getString("error"))
        .startsWith("restart of slot 1 failed: ");
  }
}

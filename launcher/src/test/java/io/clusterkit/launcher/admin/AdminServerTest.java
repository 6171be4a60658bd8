package io.clusterkit.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

  private final AdminTarget target = new AdminTarget() {
    @Override
    public JsonObject status() {
      asked.add("status");
      return new JsonObject().put("name", "shop");
    }

    @Override
    public Future<JsonObject> reload(List<Path> classpath) {
      asked.add("reload " + classpath);
      return Future.succeededFuture(new JsonObject().put("completed", true));
    }

    @Override
    public Future<JsonObject> scale(int workers) {
      asked.add("scale " + workers);
      return Future.succeededFuture(new JsonObject().put("accepted", true));
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
}

package io.clusterkit.examples.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.RawHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** JSON requests to a cluster's public port, and to one chosen worker behind it. */
public final class WorkerCalls {

  private WorkerCalls() {
  }

  /** One request on a new connection: its JSON body when 200, else null (errors included). */
  public static JsonObject call(int port, String method, String path) {
    try {
      RawHttp.Response response = RawHttp.request(null, port, method, path, "", "", 20_000);
      return response.status() == 200 ? response.json() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Repeats a request (a new connection each, so round-robin moves on) until the given worker
   * answers it; only for requests that may be repeated.
   */
  public static JsonObject fromWorker(int port, int worker, String method, String path) {
    return Await.until(Duration.ofSeconds(20), () -> call(port, method, path),
        json -> json != null && json.getInteger("worker") == worker,
        () -> method + " " + path + " answered by worker " + worker);
  }

  /**
   * Broadcasts a fresh tag through {@code POST /broadcast?tag=T} and asserts that each worker's
   * {@code GET /received} lists it exactly once, from the worker that sent it, as a broadcast.
   */
  public static void assertBroadcastReachesEachWorkerOnce(int port, int workers) {
    String tag = UUID.randomUUID().toString();
    JsonObject sender = call(port, "POST", "/broadcast?tag=" + tag);
    assertThat(sender).as("the answer to POST /broadcast").isNotNull();
    for (int worker = 0; worker < workers; worker++) {
      int w = worker;
      JsonArray got = Await.until(Duration.ofSeconds(10),
          () -> fromWorker(port, w, "GET", "/received").getJsonArray("received"),
          received -> received.encode().contains(tag),
          () -> "worker " + w + " to receive broadcast " + tag);
      List<JsonObject> copies = got.stream().map(JsonObject.class::cast)
          .filter(m -> tag.equals(m.getString("tag"))).toList();
      assertThat(copies).as("copies of the broadcast on worker %d", w).hasSize(1);
      assertThat(copies.get(0).getInteger("from")).as("sender seen by worker %d", w)
          .isEqualTo(sender.getInteger("worker"));
      assertThat(copies.get(0).getBoolean("broadcast")).isTrue();
    }
  }

  /**
   * Asks the public port for {@code /} requests times, each on a new connection, and collects
   * the {@code version} the answering worker's build reports ({@code VersionVerticle}).
   *
   * @param port the public port
   * @param requests how many requests
   * @return each answer's version, in order
   */
  public static List<String> versions(int port, int requests) throws IOException {
    List<String> versions = new java.util.ArrayList<>();
    for (int i = 0; i < requests; i++) {
      RawHttp.Response response = RawHttp.get(port, "/", 10_000);
      assertThat(response.status()).as("%s", response).isEqualTo(200);
      versions.add(response.json().getString("version"));
    }
    return versions;
  }
}

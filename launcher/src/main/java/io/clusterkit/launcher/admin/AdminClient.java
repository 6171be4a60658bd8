package io.clusterkit.launcher.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The control commands' side of the admin API: one blocking call per command. */
public final class AdminClient {

  private final LauncherRegistry.Entry launcher;
  private final String host;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * A client of one launcher.
   *
   * @param launcher where it listens and its token, from the registry
   */
  public AdminClient(LauncherRegistry.Entry launcher) {
    this(launcher, "127.0.0.1", launcher.adminPort());
  }

  /**
   * A client of one launcher reached through a relay (a launcher in another network namespace,
   * whose admin API on its own 127.0.0.1 a relay there forwards to).
   *
   * @param launcher its token, from the registry
   * @param host the relay's address
   * @param port the relay's port
   */
  public AdminClient(LauncherRegistry.Entry launcher, String host, int port) {
    this.launcher = launcher;
    this.host = host;
    this.port = port;
  }

  /**
   * Calls the admin API.
   *
   * @param method GET or POST
   * @param path e.g. {@code /status}
   * @param body a JSON body for POST, or null
   * @param timeout how long to wait for the answer (a reload can take minutes)
   * @return the status code and the JSON answer
   * @throws IOException when the launcher cannot be reached or answers something else than JSON
   */
  public Reply call(String method, String path, JsonObject body, Duration timeout)
      throws IOException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://" + host + ":" + port + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + launcher.token())
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    try {
      return new Reply(response.statusCode(), new JsonObject(response.body()));
    } catch (DecodeException e) {
      throw new IOException("launcher '" + launcher.name() + "' answered " + response.statusCode()
          + " with something else than JSON");
    }
  }

  /**
   * An answer of the admin API.
   *
   * @param status the HTTP status
   * @param json the JSON body
   */
  public record Reply(int status, JsonObject json) {

    /** @return whether the call succeeded (2xx) */
    public boolean ok() {
      return status / 100 == 2;
    }
  }
}

package io.clusterkit.launcher.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.clusterkit.launcher.admin.LauncherRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit's side of the admin API contract: 2xx answers are results, others exceptions. */
class AdminConnectionTest {

  private static final long PID = ProcessHandle.current().pid();

  @TempDir
  Path runDir;
  private HttpServer server;
  private AdminConnection admin;

  @BeforeEach
  void fakeLauncher() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answer("/status", 200, "{\"workers\":[]}");
    answer("/reload", 500, "{\"error\":\"slot 0 gen 2 failed to become READY\"}");
    answer("/scale", 409, "{\"error\":\"a reload is running\"}");
    server.start();
    admin = new AdminConnection(runDir, PID);
  }

  private void answer(String path, int status, String json) {
    server.createContext(path, exchange -> {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }

  private void register() throws IOException {
    new LauncherRegistry(runDir).register(new LauncherRegistry.Entry("kit-test", PID, 8080,
        server.getAddress().getPort(), "token"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void noEntryUntilTheLauncherRegistersThenItsPorts() throws IOException {
    assertThat(admin.entry()).isNull();
    assertThatThrownBy(() -> admin.call("GET", "/status", null, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not registered");
    register();
    assertThat(admin.entry().port()).isEqualTo(8080);
    assertThat(admin.expectOk("GET", "/status", null, Duration.ofSeconds(5)))
        .isEqualTo(new JsonObject("{\"workers\":[]}"));
  }

  @Test
  void aFailedOrRefusedCallThrowsWithTheStatusAndTheLaunchersReason() throws IOException {
    register();
    assertThatThrownBy(() -> admin.expectOk("POST", "/reload", new JsonObject(),
        Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AdminCallException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.error()).isEqualTo("slot 0 gen 2 failed to become READY");
        })
        .hasMessage("POST /reload answered 500: slot 0 gen 2 failed to become READY");
    assertThatThrownBy(() -> admin.expectOk("POST", "/scale", new JsonObject().put("workers", 3),
        Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(AdminCallException.class, e -> assertThat(e.status())
            .isEqualTo(409));
  }
}

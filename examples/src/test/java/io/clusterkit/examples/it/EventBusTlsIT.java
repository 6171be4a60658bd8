package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.it.apps.MessagingVerticle;
import io.clusterkit.launcher.junit.Await;
import io.clusterkit.launcher.junit.ClusterKit;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event bus with TLS and client certificates ({@code -eventbus-keystore},
 * {@code -eventbus-truststore}): workers that present the cluster's certificate report READY and
 * message each other over it; a key store that its password does not open is one clear line and
 * exit 2 before anything starts.
 */
@Timeout(180)
class EventBusTlsIT {

  private static final String PASSWORD = "it-secret";

  @TempDir
  static Path dir;
  private static Path store;

  /** One self-signed certificate, its own key store and trust store: the cluster's identity. */
  @BeforeAll
  static void makeTheClustersCertificate() throws Exception {
    store = dir.resolve("cluster.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "cluster",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=clusterkit-it", "-validity",
        "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
        "-keypass", PASSWORD).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("keytool: %s", output).isZero();
    assertThat(Files.size(store)).isPositive();
  }

  @Test
  void workersReportReadyAndMessageEachOtherOverTls() {
    try (TestCluster cluster = ClusterKit.cluster().workers(2).verticle(MessagingVerticle.class)
        .option("-eventbus-keystore", store.toString())
        .option("-eventbus-truststore", store.toString())
        .env("CLUSTERKIT_EVENTBUS_KEYSTORE_PASSWORD", PASSWORD)
        .env("CLUSTERKIT_EVENTBUS_TRUSTSTORE_PASSWORD", PASSWORD).start()) {
      cluster.awaitReady();
      cluster.awaitOutput(Pattern.compile("event bus: TLS with client certificates"),
          Duration.ofSeconds(5), 0);
      // the slot tables reach the workers a moment after READY: each worker in turn (round-robin)
      // asks the other until both have had an answer over TLS
      Set<Integer> answered = new HashSet<>();
      Await.until(Duration.ofSeconds(30), () -> {
        JsonObject answer;
        try {
          answer = RawHttp.get(cluster.port(), "/ask-other").json();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        JsonObject reply = answer.getJsonObject("reply");
        if (reply != null) {
          assertThat(reply.getInteger("worker")).isEqualTo(1 - answer.getInteger("worker"));
          answered.add(answer.getInteger("worker"));
        }
        return answered;
      }, all -> all.size() == 2, "both workers to get the other's reply over TLS");
    }
  }

  @Test
  void aKeyStoreItsPasswordDoesNotOpenIsOneLineAndExit2() {
    try (TestCluster cluster = ClusterKit.cluster().commandLine("-eventbus-keystore",
            store.toString(), "-eventbus-truststore", store.toString(), "-cp",
            Path.of(System.getProperty("clusterkit.examples.jar", "target/examples.jar"))
                .toAbsolutePath().toString(), "io.clusterkit.examples.hello.HelloVerticle")
        .env("CLUSTERKIT_EVENTBUS_KEYSTORE_PASSWORD", "wrong")
        .env("CLUSTERKIT_EVENTBUS_TRUSTSTORE_PASSWORD", PASSWORD).start()) {
      assertThat(cluster.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      List<String> errors = cluster.stderrLines();
      assertThat(errors).first().asString().startsWith("launcher: -eventbus-keystore: key store "
          + store + " cannot be opened:");
    }
  }
}

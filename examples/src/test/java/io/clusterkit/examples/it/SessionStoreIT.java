package io.clusterkit.examples.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterkit.examples.session.SessionVerticle;
import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session store example under round-robin: a session created by a request served on one
 * worker is found by requests served on the other.
 */
@Timeout(180)
@ClusterKitTest(workers = 2, verticle = SessionVerticle.class)
class SessionStoreIT {

  private static int port;

  @BeforeAll
  static void startCluster(TestCluster cluster) {
    port = cluster.port();
  }

  private static RawHttp.Response visit(String cookie) throws IOException {
    return RawHttp.request(null, port, "GET", "/visit",
        cookie == null ? "" : "Cookie: " + cookie + "\r\n", "", 20_000);
  }

  @Test
  void sessionCreatedOnOneWorkerIsFoundOnTheOther() throws IOException {
    RawHttp.Response first = visit(null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getInteger("visits")).isEqualTo(1);
    String setCookie = first.headers().get("set-cookie");
    assertThat(setCookie).as("session cookie").startsWith("vertx-web.session=");
    String cookie = setCookie.split(";")[0];

    Set<Integer> workers = new HashSet<>();
    workers.add(first.worker());
    for (int expected = 2; expected <= 6; expected++) {
      RawHttp.Response next = visit(cookie);
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.json().getInteger("visits")).as("visit %d of one session, served by worker "
          + "%d", expected, next.worker()).isEqualTo(expected);
      workers.add(next.worker());
    }
    assertThat(workers).as("workers that served the one session").containsExactlyInAnyOrder(0, 1);
  }
}

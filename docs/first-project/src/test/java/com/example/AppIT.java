package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clusterkit.launcher.junit.ClusterKitTest;
import io.clusterkit.launcher.junit.RawHttp;
import io.clusterkit.launcher.junit.TestCluster;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The application on a real cluster of two worker JVMs, as it runs in production. */
@Timeout(120)
@ClusterKitTest(workers = 2, verticle = App.class)
class AppIT {

  @Test
  void everyWorkerAnswers(TestCluster cluster) throws IOException {
    Set<Integer> workers = new TreeSet<>();
    for (int i = 0; i < 10; i++) {
      RawHttp.Response response = RawHttp.get(cluster.port(), "/");
      assertEquals(200, response.status());
      assertEquals("hello", response.json().getString("message"));
      workers.add(response.worker());
    }
    assertEquals(Set.of(0, 1), workers, "new connections reach both workers");
  }
}

package io.clusterkit.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class HostsTableTest {

  private static JsonObject host(String name, String address, long pid) {
    return new JsonObject().put("host", name).put("address", address).put("workers",
        new JsonArray().add(new JsonObject().put("slot", 0).put("gen", 2).put("pid", pid)
            .put("state", "READY").put("readySinceMs", System.currentTimeMillis() - 125_000)
            .put("restarts", 1)));
  }

  @Test
  void listsEveryOtherHostWithItsWorkers() {
    JsonObject status = new JsonObject().put("name", "web-1").put("cluster", new JsonObject()
        .put("name", "shop").put("hosts", new JsonArray().add(host("web-1", "10.0.0.1", 11))
            .add(host("web-2", "10.0.0.2", 22))));
    String table = HostsTable.format(status);
    assertThat(table).startsWith("cluster 'shop': 2 hosts\n");
    assertThat(table).contains("host 'web-2' at 10.0.0.2").doesNotContain("host 'web-1'");
    assertThat(table.lines().filter(l -> l.startsWith("0 "))).singleElement().asString()
        .contains("22").contains("READY").contains("2m").endsWith("1");
  }

  @Test
  void saysSoWhenTheLauncherRunsOnItsOwn() {
    assertThat(HostsTable.format(new JsonObject().put("name", "solo")))
        .isEqualTo("(this launcher runs on its own: no other hosts)\n");
  }
}

package io.clusterkit.launcher.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Formats the other hosts of a cluster of several hosts, from the {@code cluster} part of the
 * admin API's status, as {@code status -all} prints them below this host's table.
 */
final class HostsTable {

  private HostsTable() {
  }

  /**
   * Formats every host but the one that answered.
   *
   * @param status the admin API's status
   * @return one block per host: a heading line, then one line per slot; a line saying the
   *     launcher runs on its own when there is no cluster part
   */
  static String format(JsonObject status) {
    JsonObject cluster = status.getJsonObject("cluster");
    if (cluster == null) {
      return "(this launcher runs on its own: no other hosts)\n";
    }
    StringBuilder out = new StringBuilder();
    JsonArray hosts = cluster.getJsonArray("hosts", new JsonArray());
    out.append(String.format(Locale.ROOT, "cluster '%s': %d hosts%n", cluster.getString("name"),
        hosts.size()));
    for (int i = 0; i < hosts.size(); i++) {
      JsonObject host = hosts.getJsonObject(i);
      if (host.getString("host").equals(status.getString("name"))) {
        continue;
      }
      out.append(String.format(Locale.ROOT, "%nhost '%s' at %s%n", host.getString("host"),
          host.getString("address")));
      out.append(String.format(Locale.ROOT, "%-5s %-4s %-8s %-9s %-9s %s%n", "slot", "gen",
          "pid", "state", "uptime", "restarts"));
      JsonArray workers = host.getJsonArray("workers", new JsonArray());
      for (int w = 0; w < workers.size(); w++) {
        JsonObject worker = workers.getJsonObject(w);
        long pid = worker.getLong("pid", -1L);
        out.append(String.format(Locale.ROOT, "%-5d %-4d %-8s %-9s %-9s %d%n",
            worker.getInteger("slot"), worker.getInteger("gen"),
            pid < 0 ? "-" : Long.toString(pid), worker.getString("state"),
            uptime(worker.getLong("readySinceMs", 0L)),
            worker.getInteger("restarts", 0)));
      }
    }
    return out.toString();
  }

  /** Uptime from when the worker became READY (epoch ms; the hosts' clocks are assumed in step). */
  private static String uptime(long readySinceMs) {
    return readySinceMs <= 0 ? "-"
        : StatusTable.duration(Math.max(0, System.currentTimeMillis() - readySinceMs));
  }
}

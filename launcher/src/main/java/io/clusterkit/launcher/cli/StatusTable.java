package io.clusterkit.launcher.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Formats the admin API's status as the table {@code status} prints. */
final class StatusTable {

  private static final String[] HEADERS = {"slot", "gen", "pid", "state", "uptime", "restarts",
      "rss", "heap", "fds", "conns", "req/s"};

  private StatusTable() {
  }

  static String format(JsonObject status) {
    StringBuilder out = new StringBuilder();
    JsonObject check = status.getJsonObject("healthCheck");
    JsonObject launcherFds = status.getJsonObject("fds");
    out.append(String.format(Locale.ROOT, "launcher '%s' pid %d, port %d, %s, %s%s%s%n",
        status.getString("name"), status.getLong("pid", -1L), status.getInteger("port", 0),
        status.getString("router", "?"), status.getString("balance", "?"),
        launcherFds == null ? "" : ", fds " + fds(launcherFds),
        check == null ? "" : ", health check GET " + check.getString("path")));
    List<String[]> rows = new ArrayList<>();
    rows.add(check == null ? HEADERS : withHealth(HEADERS, "health"));
    JsonArray workers = status.getJsonArray("workers", new JsonArray());
    for (int i = 0; i < workers.size(); i++) {
      JsonObject w = workers.getJsonObject(i);
      long pid = w.getLong("pid", -1L);
      String[] row = new String[] {
          String.valueOf(w.getInteger("slot")),
          String.valueOf(w.getInteger("gen")),
          pid < 0 ? "-" : String.valueOf(pid),
          w.getString("state"),
          duration(w.getLong("uptimeMs", 0L)),
          String.valueOf(w.getInteger("restarts", 0)),
          bytes(w.getLong("rssBytes")),
          bytes(w.getLong("heapBytes")),
          fds(w.getJsonObject("fds")),
          w.getValue("connections") == null ? "-" : String.valueOf(w.getValue("connections")),
          w.getValue("requestsPerSecond") == null ? "-"
              : String.format(Locale.ROOT, "%.1f", w.getDouble("requestsPerSecond"))};
      rows.add(check == null ? row
          : withHealth(row, health(w.getJsonObject("health"), check.getInteger("failures", 0))));
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[c] + "s", row[c]));
        if (c < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String[] withHealth(String[] row, String health) {
    String[] longer = Arrays.copyOf(row, row.length + 1);
    longer[row.length] = health;
    return longer;
  }

  /** "ok", "failing 1/3", "waiting" (not routed to until a check passes) or "-". */
  static String health(JsonObject health, int limit) {
    if (health == null) {
      return "-";
    }
    if (health.getBoolean("waiting", false)) {
      return "waiting";
    }
    int failures = health.getInteger("failures", 0);
    return failures == 0 ? "ok" : "failing " + failures + "/" + limit;
  }

  /** "OPEN/LIMIT" of a process's descriptors, or "-". */
  static String fds(JsonObject fds) {
    return fds == null ? "-" : fds.getInteger("open") + "/" + fds.getLong("limit");
  }

  static String duration(long millis) {
    if (millis <= 0) {
      return "-";
    }
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m" + (seconds % 60) + "s";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
    }
    return seconds / 86_400 + "d" + (seconds % 86_400) / 3600 + "h";
  }

  static String bytes(Long bytes) {
    if (bytes == null || bytes < 0) {
      return "-";
    }
    if (bytes < 1024 * 1024) {
      return bytes / 1024 + " KB";
    }
    return bytes / (1024 * 1024) + " MB";
  }
}

package io.clusterkit.launcher.cli;

import io.clusterkit.verticles.protocol.BootPhases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Formats the admin API's status as the table {@code status} prints. */
final class StatusTable {

  private static final String[] HEADERS = {"slot", "gen", "pid", "state", "uptime", "boot",
      "restarts", "rss", "heap", "fds", "conns", "req/s"};

  private StatusTable() {
  }

  static String format(JsonObject status) {
    return format(status, false);
  }

  /**
   * Formats the status.
   *
   * @param status the admin API's status
   * @param live with the live columns (p50, p99, errors/s, CPU) and the cluster's totals
   * @return the table
   */
  static String format(JsonObject status, boolean live) {
    StringBuilder out = new StringBuilder();
    JsonObject check = status.getJsonObject("healthCheck");
    JsonObject launcherFds = status.getJsonObject("fds");
    JsonObject java = status.getJsonObject("java");
    // serve()'s port not given (-port) opens on the first serve(): say so until it has
    String port = status.getBoolean("portOpen", true) ? "port " + status.getInteger("port", 0)
        : "port " + status.getInteger("portWanted", 0) + " not open (no serve() yet)";
    JsonArray shared = status.getJsonArray("sharedPorts");
    if (shared != null && !shared.isEmpty()) {
      List<String> own = new ArrayList<>();
      shared.forEach(p -> own.add(String.valueOf(((JsonObject) p).getValue("port"))));
      port += ", own listens on " + String.join(", ", own);
    }
    out.append(String.format(Locale.ROOT, "launcher '%s' pid %d, %s, %s, %s%s%s%s%n",
        status.getString("name"), status.getLong("pid", -1L), port,
        status.getString("router", "?"), status.getString("balance", "?"),
        launcherFds == null ? "" : ", fds " + fds(launcherFds),
        check == null ? "" : ", health check GET " + check.getString("path"),
        java == null || java.getBoolean("own", true) ? ""
            : ", workers on Java " + java.getString("version")));
    JsonObject totals = status.getJsonObject("totals");
    if (live && totals != null) {
      out.append(String.format(Locale.ROOT, "%d/%d ready, %s req/s, p50 %s, p99 %s, %s err/s, "
              + "CPU %s, RSS %s, %s connections%n", totals.getInteger("ready", 0),
          totals.getInteger("workers", 0), figure(totals.getValue("rps"), "%.1f"),
          millis(totals.getValue("p50Ms")), millis(totals.getValue("p99Ms")),
          figure(totals.getValue("errorsPerSecond"), "%.1f"),
          figure(totals.getValue("cpuPercent"), "%.0f%%"), bytes(totals.getLong("rssBytes")),
          totals.getValue("connections")));
    }
    List<String[]> rows = new ArrayList<>();
    String[] headers = live ? LiveColumns.headers(HEADERS) : HEADERS;
    rows.add(check == null ? headers : withHealth(headers, "health"));
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
          bootTotal(w.getJsonObject("boot")),
          String.valueOf(w.getInteger("restarts", 0)),
          bytes(w.getLong("rssBytes")),
          bytes(w.getLong("heapBytes")),
          fds(w.getJsonObject("fds")),
          w.getValue("connections") == null ? "-" : String.valueOf(w.getValue("connections")),
          w.getValue("requestsPerSecond") == null ? "-"
              : String.format(Locale.ROOT, "%.1f", w.getDouble("requestsPerSecond"))};
      if (live) {
        row = LiveColumns.row(row, w.getJsonObject("live"));
      }
      rows.add(check == null ? row
          : withHealth(row, health(w.getJsonObject("health"), check.getInteger("failures", 0))));
    }
    JsonArray spares = status.getJsonArray("spares", new JsonArray());
    for (int i = 0; i < spares.size(); i++) {
      String[] row = spareRow(spares.getJsonObject(i));
      if (live) {
        row = LiveColumns.row(row, null);
      }
      rows.add(check == null ? row : withHealth(row, "-"));
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
    String hold = spareHold(status.getJsonObject("spareHold"));
    if (hold != null) {
      out.append(hold).append('\n');
    }
    return out.toString();
  }

  /**
   * The line that says why the next spare does not boot yet ({@code -spare-delay}).
   *
   * @param hold the status's {@code spareHold}, or null
   * @return e.g. {@code "next spare boots in 7s, once slot 1 gen 2 has served -spare-delay 10s"},
   *     or null when no spare waits
   */
  static String spareHold(JsonObject hold) {
    if (hold == null) {
      return null;
    }
    long delayMs = hold.getLong("delayMs", 0L);
    String delay = delayMs % 1000 == 0 ? delayMs / 1000 + "s" : delayMs + "ms";
    String worker = "slot " + hold.getInteger("slot") + " gen " + hold.getInteger("gen");
    Long bootsIn = hold.getLong("bootsInMs");
    if (bootsIn == null) {
      return "next spare waits until " + worker + ", still starting, has served -spare-delay "
          + delay;
    }
    return "next spare boots in " + (bootsIn + 999) / 1000 + "s, once " + worker
        + " has served -spare-delay " + delay;
  }

  /**
   * A spare's row: no slot, state SPARE, "booting" in place of an uptime until it waits booted,
   * and only what a process without a slot has (RSS, descriptors).
   */
  static String[] spareRow(JsonObject spare) {
    long pid = spare.getLong("pid", -1L);
    boolean booted = spare.getBoolean("booted", false);
    return new String[] {
        "-", "spare " + spare.getInteger("spare"), pid < 0 ? "-" : String.valueOf(pid),
        spare.getBoolean("retiring", false) ? "SPARE (stopping)" : "SPARE",
        booted ? duration(spare.getLong("sinceMs", 0L)) : "booting", "-", "-",
        bytes(spare.getLong("rssBytes")), "-", fds(spare.getJsonObject("fds")), "-", "-"};
  }

  /**
   * A worker's boot in the table: its total in seconds, with {@code *} when it was a spare's
   * (its JVM boot happened before the slot needed it), or "-" when it reported none.
   */
  static String bootTotal(JsonObject boot) {
    BootPhases phases = BootPhases.fromJson(boot);
    return phases == null ? "-" : String.format(Locale.ROOT, "%.1fs%s", phases.totalMs() / 1000.0,
        phases.spare() ? "*" : "");
  }

  /**
   * Where each worker's latest boot went, one line per worker ({@code status -v}).
   *
   * @param status the admin API's status
   * @return e.g. {@code "slot 0 gen 1 boot: 3120 ms = jvm 310 + vertx 520 + join 1800 + deploy
   *     490"}, one line per worker that reported its boot
   */
  static String bootLines(JsonObject status) {
    StringBuilder out = new StringBuilder();
    JsonArray workers = status.getJsonArray("workers", new JsonArray());
    for (int i = 0; i < workers.size(); i++) {
      JsonObject w = workers.getJsonObject(i);
      BootPhases phases = BootPhases.fromJson(w.getJsonObject("boot"));
      if (phases != null) {
        out.append("slot ").append(w.getInteger("slot")).append(" gen ")
            .append(w.getInteger("gen")).append(" boot: ").append(phases.describe()).append('\n');
      }
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

  static String figure(Object value, String format) {
    return value instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "-";
  }

  static String millis(Object value) {
    if (!(value instanceof Number n)) {
      return "-";
    }
    double ms = n.doubleValue();
    return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
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

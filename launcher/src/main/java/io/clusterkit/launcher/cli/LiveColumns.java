package io.clusterkit.launcher.cli;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * The live columns of {@code monit}: req/s from the live figures (the rate of the latest two
 * heartbeats, responses a second with {@code -metrics}), then p50, p99, errors/s and CPU.
 */
final class LiveColumns {

  private static final String[] LIVE = {"p50", "p99", "err/s", "cpu"};

  private LiveColumns() {
  }

  static String[] headers(String[] headers) {
    String[] longer = Arrays.copyOf(headers, headers.length + LIVE.length);
    System.arraycopy(LIVE, 0, longer, headers.length, LIVE.length);
    return longer;
  }

  static String[] row(String[] row, JsonObject live) {
    String[] longer = Arrays.copyOf(row, row.length + LIVE.length);
    if (live == null) {
      Arrays.fill(longer, row.length, longer.length, "-");
      return longer;
    }
    if (live.getValue("rps") instanceof Number) {
      longer[row.length - 1] = StatusTable.figure(live.getValue("rps"), "%.1f");
    }
    longer[row.length] = StatusTable.millis(live.getValue("p50Ms"));
    longer[row.length + 1] = StatusTable.millis(live.getValue("p99Ms"));
    longer[row.length + 2] = StatusTable.figure(live.getValue("errorsPerSecond"), "%.1f");
    longer[row.length + 3] = StatusTable.figure(live.getValue("cpuPercent"), "%.0f%%");
    return longer;
  }
}

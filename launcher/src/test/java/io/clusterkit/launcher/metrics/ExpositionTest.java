package io.clusterkit.launcher.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpositionTest {

  private static final String LAUNCHER = String.join("\n",
      "# HELP clusterkit_workers Worker slots by state",
      "# TYPE clusterkit_workers gauge",
      "clusterkit_workers{state=\"READY\"} 2.0",
      "");

  private static String worker(int slot) {
    return String.join("\n",
        "# HELP jvm_threads_live_threads The current number of live threads",
        "# TYPE jvm_threads_live_threads gauge",
        "jvm_threads_live_threads{gen=\"1\",slot=\"" + slot + "\"} 30.0",
        "# HELP vertx_http_server_requests_total Number of processed requests",
        "# TYPE vertx_http_server_requests_total counter",
        "vertx_http_server_requests_total{code=\"200\",gen=\"1\",slot=\"" + slot + "\"} 7.0",
        "");
  }

  @Test
  void eachFamilyIsDescribedOnceWithEverySourcesSamplesTogether() {
    String merged = Exposition.merge(List.of(LAUNCHER, worker(0), worker(1)), false);
    assertThat(merged).isEqualTo(String.join("\n",
        "# HELP clusterkit_workers Worker slots by state",
        "# TYPE clusterkit_workers gauge",
        "clusterkit_workers{state=\"READY\"} 2.0",
        "# HELP jvm_threads_live_threads The current number of live threads",
        "# TYPE jvm_threads_live_threads gauge",
        "jvm_threads_live_threads{gen=\"1\",slot=\"0\"} 30.0",
        "jvm_threads_live_threads{gen=\"1\",slot=\"1\"} 30.0",
        "# HELP vertx_http_server_requests_total Number of processed requests",
        "# TYPE vertx_http_server_requests_total counter",
        "vertx_http_server_requests_total{code=\"200\",gen=\"1\",slot=\"0\"} 7.0",
        "vertx_http_server_requests_total{code=\"200\",gen=\"1\",slot=\"1\"} 7.0",
        ""));
  }

  @Test
  void openMetricsSourcesKeepTheirUnitsAndTheResultEndsWithOneEof() {
    String a = "# TYPE http_seconds histogram\n# UNIT http_seconds seconds\n"
        + "# HELP http_seconds Time\nhttp_seconds_count{slot=\"0\"} 1\n# EOF\n";
    String b = "# TYPE http_seconds histogram\n# UNIT http_seconds seconds\n"
        + "# HELP http_seconds Time\nhttp_seconds_count{slot=\"1\"} 2\n# EOF\n";
    String merged = Exposition.merge(List.of(a, b), true);
    assertThat(merged).isEqualTo("# TYPE http_seconds histogram\n# UNIT http_seconds seconds\n"
        + "# HELP http_seconds Time\nhttp_seconds_count{slot=\"0\"} 1\n"
        + "http_seconds_count{slot=\"1\"} 2\n# EOF\n");
  }

  @Test
  void aFamilyOnlyALaterSourceHasIsAppendedWithItsMetadata() {
    String merged = Exposition.merge(List.of(LAUNCHER, "# TYPE orders_total counter\n"
        + "orders_total{slot=\"0\"} 5.0\n"), false);
    assertThat(merged).endsWith("# TYPE orders_total counter\norders_total{slot=\"0\"} 5.0\n");
  }

  @Test
  void noSourceGivesAnEmptyExposition() {
    assertThat(Exposition.merge(List.of(), false)).isEmpty();
    assertThat(Exposition.merge(List.of(), true)).isEqualTo("# EOF\n");
  }
}
